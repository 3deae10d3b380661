package io.callqueue.api;

/**
 * An agent (capability 4).
 *
 * @param id the agent's id
 * @param endpoint where the agent's phone is reached
 * @param autoActivate when true and the endpoint is a {@link AgentEndpoint.SipAccount}, the agent
 *     is made active when its account is registered (on registration, and again when a call arrives
 *     at one of its queues), and inactive when the account unregisters (capability 6). An explicit
 *     logout suppresses this until the account registers again or the agent logs in.
 * @param confirmAnswer whether this agent's answer counts only once the agent presses the confirm
 *     key ("press 1 to take this call", issue 16), or whether the queue's default
 *     ({@link QueueConfig#confirmAnswer()}) decides; see
 *     {@link io.callqueue.spi.AnswerConfirmation}
 */
public record AgentConfig(AgentId id, AgentEndpoint endpoint, boolean autoActivate,
    ConfirmAnswer confirmAnswer) {
  public AgentConfig {
    if (id == null) {
      throw new IllegalArgumentException("agent id must not be null");
    }
    if (endpoint == null) {
      throw new IllegalArgumentException("agent '" + id + "': endpoint must not be null");
    }
    if (confirmAnswer == null) {
      throw new IllegalArgumentException("agent '" + id + "': confirmAnswer must not be null"
          + " (QUEUE_DEFAULT, ALWAYS or NEVER)");
    }
  }

  /** An agent whose answers follow the queue's {@code confirmAnswer} default. */
  public AgentConfig(AgentId id, AgentEndpoint endpoint, boolean autoActivate) {
    this(id, endpoint, autoActivate, ConfirmAnswer.QUEUE_DEFAULT);
  }

  /** An agent on a SIP account, with auto-activation on. */
  public static AgentConfig sip(String id, String username) {
    return new AgentConfig(AgentId.of(id), new AgentEndpoint.SipAccount(username), true);
  }

  /** An agent on an external number (auto-activation does not apply). */
  public static AgentConfig external(String id, String e164) {
    return new AgentConfig(AgentId.of(id), new AgentEndpoint.ExternalNumber(e164), false);
  }

  /** This agent with its own answer-confirmation setting. */
  public AgentConfig withConfirmAnswer(ConfirmAnswer setting) {
    return new AgentConfig(id, endpoint, autoActivate, setting);
  }

  /** This agent with answer confirmation always ({@code true}) or never ({@code false}). */
  public AgentConfig withConfirmAnswer(boolean confirm) {
    return withConfirmAnswer(confirm ? ConfirmAnswer.ALWAYS : ConfirmAnswer.NEVER);
  }

  /** Whether a ring of this agent from {@code queue} asks for a confirmation. */
  public boolean confirmsAnswerIn(QueueConfig queue) {
    return switch (confirmAnswer) {
      case QUEUE_DEFAULT -> queue.confirmAnswer();
      case ALWAYS -> true;
      case NEVER -> false;
    };
  }

  /** An agent's own answer-confirmation setting. */
  public enum ConfirmAnswer {
    /** The queue's {@link QueueConfig#confirmAnswer()} decides, per queue. */
    QUEUE_DEFAULT,
    /** Every ring of this agent asks for the confirm key (a consultant's mobile, say). */
    ALWAYS,
    /** No ring of this agent asks for it (a desk phone in a queue that asks by default). */
    NEVER
  }
}
