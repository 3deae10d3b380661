package io.callqueue.testkit.sim;

import io.callqueue.api.AgentId;
import io.callqueue.api.CallId;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * One line of the simulation's log.
 *
 * @param at virtual time
 * @param call the call it is about, or {@code null}
 * @param agent the agent it is about, or {@code null}
 * @param text what happened, e.g. {@code "hears [queue-thankyou]"} or
 *     {@code "-> engine: agentAnswered"}
 */
public record SimEvent(Instant at, CallId call, AgentId agent, String text) {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneOffset.UTC);

  /** Whether this line reports something to the engine. */
  public boolean isReport() {
    return text.startsWith(SimulatedTelephony.REPORT);
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder(TIME.format(at)).append(' ');
    if (call != null) {
      b.append(call).append(' ');
    }
    if (agent != null) {
      b.append('[').append(agent).append("] ");
    }
    return b.append(text).toString();
  }
}
