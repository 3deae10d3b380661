package io.callqueue.adapter.sip.signalling;

import static org.assertj.core.api.Assertions.assertThat;

import io.callqueue.api.AgentEndpoint;
import io.callqueue.api.RingFailure;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

/** {@link Dialer#firstToAnswer} on stand-in legs whose results the test settles. */
class FirstToAnswerTest {

  private static final class FakeCall implements OutboundCall {
    final CompletableFuture<DialResult> result = new CompletableFuture<>();
    int hangUps;

    @Override
    public String callId() {
      return "fake";
    }

    @Override
    public AgentEndpoint target() {
      return new AgentEndpoint.SipAccount("agent1");
    }

    @Override
    public CompletionStage<DialResult> result() {
      return result;
    }

    @Override
    public String remoteSdp() {
      return "";
    }

    @Override
    public void hangUp() {
      hangUps++;
    }

    @Override
    public void onKey(java.util.function.Consumer<Character> listener) {
      // keys play no part in choosing the first to answer
    }

    @Override
    public CompletionStage<CallEnd> ended() {
      return new CompletableFuture<>();
    }
  }

  @Test
  void firstAnswer_wins_othersAreHungUp_aLateAnswerToo() {
    FakeCall a = new FakeCall();
    FakeCall b = new FakeCall();
    FakeCall c = new FakeCall();
    CompletableFuture<Optional<OutboundCall>> winner =
        Dialer.firstToAnswer(List.of(a, b, c)).toCompletableFuture();

    b.result.complete(new DialResult.Answered("v=0"));
    c.result.complete(new DialResult.Answered("v=0"));

    assertThat(winner).isCompletedWithValue(Optional.of(b));
    assertThat(b.hangUps).isZero();
    assertThat(a.hangUps).isEqualTo(1);
    assertThat(c.hangUps).isGreaterThanOrEqualTo(1);
  }

  @Test
  void noneAnswers_completesEmpty() {
    FakeCall a = new FakeCall();
    FakeCall b = new FakeCall();
    CompletableFuture<Optional<OutboundCall>> winner =
        Dialer.firstToAnswer(List.of(a, b)).toCompletableFuture();

    a.result.complete(new DialResult.Failed(RingFailure.BUSY, 486));
    assertThat(winner).isNotDone();
    b.result.complete(new DialResult.Cancelled());

    assertThat(winner).isCompletedWithValue(Optional.empty());
  }

  @Test
  void emptyList_completesEmptyAtOnce() {
    assertThat(Dialer.firstToAnswer(List.of()).toCompletableFuture())
        .isCompletedWithValue(Optional.empty());
  }
}
