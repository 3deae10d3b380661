package io.callqueue.adapter.twilio;

import io.callqueue.adapter.twilio.standin.Conference;
import io.callqueue.adapter.twilio.standin.FakeTwilio;
import io.callqueue.adapter.twilio.standin.Phone;
import io.callqueue.adapter.twilio.standin.SimCall;
import io.callqueue.api.AgentEndpoint;
import io.callqueue.api.CallQueue;
import io.callqueue.api.QueueId;
import io.callqueue.core.CallQueueEngine;
import io.callqueue.testkit.conformance.AgentPhone;
import io.callqueue.testkit.conformance.CallerPhone;
import io.callqueue.testkit.conformance.ConformanceFixture;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * The conformance kit's far side on Twilio: the adapter's webhook server and REST client against
 * the {@link FakeTwilio} stand-in; agents are phone numbers the stand-in rings, callers are
 * inbound calls to the account's number.
 */
final class TwilioConformanceFixture implements ConformanceFixture {
  static final String AC = "AC" + "0123456789abcdef".repeat(2);
  static final String TOKEN = "stand-in-auth-token";
  static final String NUMBER = "+15005550006";
  /** Where a released caller continues: refused at once, so the stand-in's call then ends. */
  static final String CONTINUE = "http://127.0.0.1:9/ivr/after";

  private final FakeTwilio twilio;
  private final TwilioTelephony adapter;
  private final String base;
  private final AtomicInteger phones = new AtomicInteger();

  TwilioConformanceFixture() {
    try {
      twilio = new FakeTwilio(AC, TOKEN, 20, 100);
      int port;
      try (ServerSocket s = new ServerSocket(0)) {
        port = s.getLocalPort();
      }
      base = "http://127.0.0.1:" + port;
      adapter = new TwilioTelephony(TwilioConfig.of(AC, TOKEN, URI.create(base), "127.0.0.1",
              port, NUMBER, "https://media.example/moh.wav", "https://media.example/prompts")
          .withApiBaseUrl(twilio.apiBase()).withCallsPerSecond(50));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public CallQueue startEngine(Wiring wiring) {
    CallQueue engine = CallQueueEngine.builder().telephony(wiring.port(adapter)).build();
    adapter.attach(wiring.inbound(engine));
    try {
      adapter.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return engine;
  }

  @Override
  public AgentPhone newAgentPhone(String name) {
    String number = String.format("+1555%07d", phones.incrementAndGet());
    twilio.phone(number, Phone.IGNORE);
    AgentEndpoint endpoint = new AgentEndpoint.ExternalNumber(number);
    return new AgentPhone() {
      @Override
      public AgentEndpoint endpoint() {
        return endpoint;
      }

      @Override
      public void onRing(RingMode mode) {
        twilio.phone(number, switch (mode) {
          case ANSWER -> Phone.ANSWER;
          case IGNORE -> Phone.IGNORE;
          case REJECT -> Phone.REJECT;
          case BUSY -> Phone.BUSY;
        });
      }

      @Override
      public void onConfirmPrompt(Confirm how) {
        twilio.gatherKey(number, switch (how) {
          case PRESS_1 -> '1';
          case OTHER_KEY -> '2';
          case SILENT -> null;
        });
      }

      @Override
      public boolean isRinging() {
        return twilio.outboundCalls().stream()
            .anyMatch(c -> c.to.equals(number) && c.status().equals("ringing"));
      }

      @Override
      public boolean isInCall() {
        return twilio.outboundCalls().stream().anyMatch(c -> c.to.equals(number)
            && c.status().equals("in-progress") && c.conference() != null);
      }
    };
  }

  @Override
  public CallerPhone placeCall(QueueId queue, String callerNumber) {
    SimCall call = twilio.incoming(callerNumber, NUMBER, base + "/cq/enter?queue="
        + queue.value() + "&continue=" + java.net.URLEncoder.encode(CONTINUE,
        java.nio.charset.StandardCharsets.UTF_8));
    return new CallerPhone() {
      @Override
      public void hangUp() {
        call.hangUp();
      }

      @Override
      public void pressKey(char digit) {
        call.pressKey(digit);
      }

      @Override
      public boolean isConnected() {
        Conference room = call.conference();
        return room != null && room.started() && room.members().size() >= 2;
      }

      @Override
      public boolean isReleasedToIvr() {
        return call.documents().stream().anyMatch(d -> d.contains("CallqueueOutcome="));
      }
    };
  }

  /** The stand-in's agent phones press a key in the confirm Gather (or none): issue 16. */
  @Override
  public boolean supportsConfirmAnswer() {
    return true;
  }

  @Override
  public boolean makeCustomerUnreachable(String callerNumber) {
    twilio.phone(callerNumber, Phone.BUSY);
    return true;
  }

  @Override
  public boolean awaitUntil(BooleanSupplier condition, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return true;
  }

  @Override
  public void close() {
    adapter.close();
    twilio.close();
  }
}
