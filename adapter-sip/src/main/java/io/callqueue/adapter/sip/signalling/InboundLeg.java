package io.callqueue.adapter.sip.signalling;

import gov.nist.javax.sip.DialogTimeoutEvent;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledFuture;
import java.util.function.Consumer;
import javax.sip.ServerTransaction;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The caller's leg (UAS). States: OFFERED (INVITE admitted, no final response) → ANSWERED (200
 * sent, waiting for the ACK, which arrives without a server transaction) → CONFIRMED; or straight
 * to over by reject, CANCEL, BYE or server stop. A BYE wanted while ANSWERED is sent after the ACK
 * (RFC 3261 §15).
 *
 * <p>Every state before CONFIRMED has a bound, so no peer can hold a call (its media port and a
 * {@code maxCalls} slot) by going quiet: a leg still OFFERED when {@link SipConfig#answerTimeout()}
 * passes is refused with 480 (ended REJECTED); a leg still ANSWERED 64·T1 after its 200 (RFC 3261
 * §13.3.1.4: the ACK never came, e.g. the 200 went to an unreachable Via port or the caller
 * vanished) is hung up with a BYE and ends FAILED. The 200 itself is retransmitted meanwhile by
 * JAIN-SIP's dialog (T1 = 500 ms doubling to T2 = 4 s, its built-in values); the RI's own
 * give-up at 64 of its ticks never reaches the listener as a dialog timeout, so the bound is this
 * leg's own timer on the signalling thread.
 */
final class InboundLeg extends Leg implements IncomingCall {
  private static final Logger log = LoggerFactory.getLogger(InboundLeg.class);

  private enum State {
    OFFERED,
    ANSWERED,
    CONFIRMED
  }

  private final ServerTransaction invite;
  private final String localTag;
  private final String caller;
  private final String number;
  private final String account;
  private final String trunk;
  private final InetSocketAddress source;
  private final CompletableFuture<Void> answered = new CompletableFuture<>();
  private State state = State.OFFERED;
  private boolean byeAfterAck;
  private ScheduledFuture<?> answerTimer;
  private ScheduledFuture<?> ackTimer;

  InboundLeg(SignallingCore core, ServerTransaction invite, String callId, String caller,
      String number, String account, String trunk, InetSocketAddress source, String offer) {
    super(core, callId, offer);
    this.invite = invite;
    this.localTag = core.newTag();
    this.caller = caller;
    this.number = number;
    this.account = account;
    this.trunk = trunk;
    this.source = source;
  }

  // ---- IncomingCall (any thread) ---------------------------------------------------------------

  @Override
  public String caller() {
    return caller;
  }

  @Override
  public String number() {
    return number;
  }

  @Override
  public Optional<String> account() {
    return Optional.ofNullable(account);
  }

  @Override
  public Optional<String> trunk() {
    return Optional.ofNullable(trunk);
  }

  @Override
  public InetSocketAddress source() {
    return source;
  }

  @Override
  public void ringing() {
    core.submit(() -> {
      if (!isOver() && state == State.OFFERED) {
        core.respond(invite, Response.RINGING, localTag, r -> r.addHeader(core.contact()));
      }
    });
  }

  @Override
  public CompletionStage<Void> answer(String sdp) {
    Objects.requireNonNull(sdp, "sdp");
    core.submit(() -> doAnswer(sdp));
    return answered.minimalCompletionStage();
  }

  @Override
  public void reject(int status) {
    if (status < 400 || status > 699) {
      throw new IllegalArgumentException("reject status must be 400-699, was " + status);
    }
    core.submit(() -> {
      if (!isOver() && state == State.OFFERED) {
        core.respond(invite, status, localTag, null);
        finish(CallEnd.REJECTED);
      }
    });
  }

  @Override
  public void hangUp() {
    core.submit(() -> {
      if (isOver()) {
        return;
      }
      switch (state) {
        case OFFERED -> {
          core.respond(invite, Response.TEMPORARILY_UNAVAILABLE, localTag, null);
          finish(CallEnd.LOCAL_HANGUP);
        }
        case ANSWERED -> byeAfterAck = true;
        case CONFIRMED -> {
          sendBye();
          finish(CallEnd.LOCAL_HANGUP);
        }
      }
    });
  }

  @Override
  public void onRemoteSdp(Consumer<String> listener) {
    sdpListener = listener;
  }

  @Override
  public void onKey(Consumer<Character> listener) {
    keyListener = listener;
  }

  // ---- signalling thread ------------------------------------------------------------------------

  /** Called once the leg is admitted: starts the answer timeout. */
  void admitted() {
    answerTimer = core.schedule(this::answerTimedOut, core.config.answerTimeout());
  }

  private void answerTimedOut() {
    answerTimer = null;
    if (!isOver() && state == State.OFFERED) {
      log.info("call {} from {} to {} not answered within {}; 480", callId, caller, number,
          core.config.answerTimeout());
      core.respond(invite, Response.TEMPORARILY_UNAVAILABLE, localTag, null);
      finish(CallEnd.REJECTED);
    }
  }

  private void cancelAnswerTimer() {
    if (answerTimer != null) {
      answerTimer.cancel(false);
      answerTimer = null;
    }
  }

  private void doAnswer(String sdp) {
    if (isOver() || state != State.OFFERED) {
      return;
    }
    cancelAnswerTimer();
    localSdp = sdp;
    core.respond(invite, Response.OK, localTag, response -> {
      response.addHeader(core.contact());
      response.setContent(sdp, core.headers.createContentTypeHeader("application", "sdp"));
    });
    dialog = invite.getDialog();
    state = State.ANSWERED;
    ackTimer = core.schedule(this::ackTimedOut, ackWait());
  }

  private Duration ackWait() {
    return core.config.timerT1().multipliedBy(64);
  }

  private void ackTimedOut() {
    ackTimer = null;
    if (!isOver() && state == State.ANSWERED) {
      log.warn("call {} from {} to {} ({}): no ACK for our 200 within {} (64·T1); hanging up"
          + " with BYE", callId, caller, number, source, ackWait());
      sendBye();
      finish(CallEnd.FAILED);
    }
  }

  private void cancelAckTimer() {
    if (ackTimer != null) {
      ackTimer.cancel(false);
      ackTimer = null;
    }
  }

  @Override
  void onAck(Request ack) {
    String body = SignallingCore.body(ack);
    if (!body.isEmpty()) {
      remoteSdpChanged(body); // delayed offer: the answer comes in the ACK
    }
    if (state != State.ANSWERED) {
      return; // the ACK of a re-INVITE's 200
    }
    state = State.CONFIRMED;
    cancelAckTimer();
    core.complete(answered, null);
    if (byeAfterAck) {
      sendBye();
      finish(CallEnd.LOCAL_HANGUP);
    }
  }

  void onCancel(ServerTransaction cancel) {
    core.respond(cancel, Response.OK, null, null);
    if (state == State.OFFERED) {
      core.respond(invite, Response.REQUEST_TERMINATED, localTag, null);
      finish(CallEnd.CANCELLED);
    }
  }

  @Override
  void onDialogTimeout(DialogTimeoutEvent.Reason reason) {
    if (reason == DialogTimeoutEvent.Reason.AckNotReceived) {
      ackTimedOut(); // should the RI ever report it before our own timer
    }
  }

  @Override
  void terminate() {
    if (state == State.OFFERED) {
      core.respond(invite, Response.SERVICE_UNAVAILABLE, localTag, null);
    } else {
      sendBye();
    }
    finish(CallEnd.SERVER_STOPPED);
  }

  @Override
  void onFinished(CallEnd why) {
    cancelAnswerTimer();
    cancelAckTimer();
    if (!answered.isDone()) {
      core.fail(answered, new IllegalStateException("call " + callId + " ended before the ACK: "
          + why));
    }
  }
}
