package io.callqueue.testkit.conformance;

import io.callqueue.api.AgentId;
import io.callqueue.api.CallId;
import io.callqueue.api.CallOffer;
import io.callqueue.api.RingFailure;
import io.callqueue.api.VoicemailMessage;

/** One report the adapter made to the engine, as the kit saw it. */
sealed interface InboundReport {

  /** The call it is about, or {@code null} (registrations). */
  CallId call();

  record Offer(CallOffer offer) implements InboundReport {
    @Override
    public CallId call() {
      return offer.call();
    }
  }

  record AgentAnswered(CallId call, AgentId agent) implements InboundReport {}

  record AgentFailed(CallId call, AgentId agent, RingFailure failure) implements InboundReport {}

  record CallerHungUp(CallId call) implements InboundReport {}

  record CallEnded(CallId call) implements InboundReport {}

  record CustomerUnreached(CallId call, RingFailure failure) implements InboundReport {}

  record Dtmf(CallId call, char digit) implements InboundReport {}

  record PromptFinished(CallId call) implements InboundReport {}

  record VoicemailRecorded(CallId call, VoicemailMessage message) implements InboundReport {}

  record SipRegistered(String username) implements InboundReport {
    @Override
    public CallId call() {
      return null;
    }
  }

  record SipUnregistered(String username) implements InboundReport {
    @Override
    public CallId call() {
      return null;
    }
  }
}
