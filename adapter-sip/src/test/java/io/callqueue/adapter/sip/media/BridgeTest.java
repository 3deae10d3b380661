package io.callqueue.adapter.sip.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.callqueue.adapter.sip.media.MediaSession.PlaybackEnd;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class BridgeTest extends MediaTestSupport {

  /** Sends {@code frames} 20 ms packets of a tone from a phone with its own SSRC and numbering. */
  private static short[] talk(RtpProbe phone, InetSocketAddress to, int payloadType, int ssrc,
      int frames, double hertz) throws IOException {
    short[] voice = TestAudio.tone(hertz, 160 * frames, 0.5);
    for (int f = 0; f < frames; f++) {
      phone.send(to, payloadType, f == 0, 30_000 + f, 4_000_000_000L + 160L * f, ssrc,
          TestAudio.encode(payloadType, voice, 160 * f));
    }
    return voice;
  }

  private static void assertContinuousStream(List<RtpProbe.Packet> packets, int ssrc) {
    for (int i = 1; i < packets.size(); i++) {
      RtpProbe.Packet p = packets.get(i);
      RtpProbe.Packet previous = packets.get(i - 1);
      assertThat(p.ssrc()).isEqualTo(ssrc);
      assertThat(p.sequence()).isEqualTo((previous.sequence() + 1) & 0xFFFF);
      assertThat((p.timestamp() - previous.timestamp()) & 0xFFFFFFFFL)
          .isBetween(1L, 0x7FFFFFFFL);
    }
  }

  @Test
  void bridge_relaysBothWays_underEachLegsOwnSsrc_transcodingPcmuAndPcma() throws Exception {
    RtpProbe callerPhone = probe();
    RtpProbe agentPhone = probe();
    MediaSession caller = leg("caller", callerPhone, G711.PCMU, 101);
    MediaSession agent = leg("agent", agentPhone, G711.PCMA, 101);

    caller.bridge(agent);
    short[] callerVoice = talk(callerPhone, caller.localAddress(), G711.PCMU, 0x1111, 20, 440);
    List<RtpProbe.Packet> atAgent = agentPhone.take(20, WAIT);
    short[] agentVoice = talk(agentPhone, agent.localAddress(), G711.PCMA, 0x2222, 20, 700);
    List<RtpProbe.Packet> atCaller = callerPhone.take(20, WAIT);

    assertThat(atAgent).allMatch(p -> p.payloadType() == G711.PCMA);
    assertThat(atAgent.get(0).marker()).isTrue();
    assertThat(atAgent.get(0).ssrc()).isEqualTo(agent.ssrc());
    assertContinuousStream(atAgent, agent.ssrc());
    assertThat((atAgent.get(1).timestamp() - atAgent.get(0).timestamp()) & 0xFFFFFFFFL)
        .isEqualTo(160);
    assertThat(TestAudio.correlation(decode(atAgent), callerVoice)).isGreaterThan(0.99);

    assertThat(atCaller).allMatch(p -> p.payloadType() == G711.PCMU);
    assertThat(atCaller.get(0).marker()).isTrue();
    assertContinuousStream(atCaller, caller.ssrc());
    assertThat(TestAudio.correlation(decode(atCaller), agentVoice)).isGreaterThan(0.99);
    assertThat(agentPhone.drain(QUIET)).as("nothing but the relayed packets").isEmpty();
  }

  @Test
  void bridge_stopsTheMusic_andRelaysKeysWithTheOtherLegsPayloadType() throws Exception {
    RtpProbe callerPhone = probe();
    RtpProbe agentPhone = probe();
    MediaSession caller = leg("caller", callerPhone, G711.PCMU, 101);
    MediaSession agent = leg("agent", agentPhone, G711.PCMU, 96);
    caller.startMusic(MediaEngine.DEFAULT_MUSIC_CLASS);
    callerPhone.take(3, WAIT);

    caller.bridge(agent);
    callerPhone.drain(QUIET);
    callerPhone.send(caller.localAddress(), 101, true, 1, 5000, 0x77,
        RtpProbe.event(7, false, 10, 0));

    RtpProbe.Packet relayed = agentPhone.take(1, WAIT).get(0);
    assertThat(relayed.payloadType()).isEqualTo(96);
    assertThat(relayed.payload()).isEqualTo(RtpProbe.event(7, false, 10, 0));
    assertThat(nextDigit(WAIT)).isEqualTo("caller:7");
    assertThat(callerPhone.drain(QUIET)).as("the music stopped").isEmpty();
  }

  @Test
  void whisperToTheAgent_thenBridge_keepsTheAgentsStreamContinuous() throws Exception {
    short[] whisper = prompt("hold-time", TestAudio.tone(523, 1600, 0.4));
    RtpProbe callerPhone = probe();
    RtpProbe agentPhone = probe();
    MediaSession caller = leg("caller", callerPhone, G711.PCMU, 101);
    MediaSession agent = leg("agent", agentPhone, G711.PCMU, 101);
    caller.startMusic(MediaEngine.DEFAULT_MUSIC_CLASS);

    PlaybackEnd end = agent.play(english("hold-time"))
        .thenApply(e -> {
          caller.bridge(agent);
          return e;
        })
        .toCompletableFuture().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    List<RtpProbe.Packet> heardByAgent = agentPhone.take(10, WAIT);
    List<RtpProbe.Packet> callerMusic = callerPhone.drain(QUIET);
    short[] callerVoice = talk(callerPhone, caller.localAddress(), G711.PCMU, 0x3333, 10, 440);
    heardByAgent.addAll(agentPhone.take(10, WAIT));

    assertThat(end).isEqualTo(PlaybackEnd.COMPLETED);
    assertThat(callerMusic.size()).as("the caller heard music during the whisper")
        .isGreaterThanOrEqualTo(8);
    assertThat(decode(heardByAgent.subList(0, 10))).isEqualTo(g711(G711.PCMU, whisper));
    assertThat(heardByAgent.get(0).marker()).isTrue();
    assertThat(heardByAgent.get(10).marker()).as("the caller's voice starts a talk spurt")
        .isTrue();
    assertContinuousStream(heardByAgent, agent.ssrc());
    assertThat(TestAudio.correlation(decode(heardByAgent.subList(10, 20)), callerVoice))
        .isGreaterThan(0.99);
  }

  @Test
  void closingOneLeg_unbridgesTheOther_whichCanHearMusicAgain() throws Exception {
    RtpProbe callerPhone = probe();
    RtpProbe agentPhone = probe();
    MediaSession caller = leg("caller", callerPhone, G711.PCMU, 101);
    MediaSession agent = leg("agent", agentPhone, G711.PCMU, 101);
    caller.bridge(agent);

    agent.close();
    caller.startMusic(MediaEngine.DEFAULT_MUSIC_CLASS);

    assertThat(callerPhone.take(3, WAIT).get(0).marker()).isTrue();
    MediaSession other = leg("agent-2", agentPhone, G711.PCMU, 101);
    caller.bridge(other);
    assertThat(callerPhone.drain(QUIET).size()).isLessThanOrEqualTo(2);
  }

  @Test
  void bridgingALegThatIsBridgedElsewhere_isRefused() throws Exception {
    MediaSession a = engine.openSession("a");
    MediaSession b = engine.openSession("b");
    MediaSession c = engine.openSession("c");
    a.bridge(b);

    assertThatThrownBy(() -> c.bridge(b)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> a.bridge(a)).isInstanceOf(IllegalArgumentException.class);
    b.unbridge();
    c.bridge(b);
  }
}
