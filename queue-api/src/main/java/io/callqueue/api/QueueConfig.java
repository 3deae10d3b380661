package io.callqueue.api;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Pattern;

/**
 * A queue's configuration. Immutable; built with {@link #builder(String)}, which checks every field
 * and reports all problems at once in a {@link ConfigException}.
 *
 * <p>Durations are whole milliseconds or more. Defaults follow what users of Asterisk's app_queue
 * expect, except where noted.
 */
public final class QueueConfig {
  /** The longest ring timeout accepted. */
  public static final Duration MAX_RING_TIMEOUT = Duration.ofMinutes(10);
  /** The longest wrap-up time accepted. */
  public static final Duration MAX_WRAP_UP = Duration.ofHours(1);
  /** The largest queue weight accepted. */
  public static final int MAX_WEIGHT = 1_000_000;
  /** The most attempts to reach a kept-place callback's customer accepted. */
  public static final int MAX_CALLBACK_ATTEMPTS = 10;
  /** The longest spacing between callback attempts accepted. */
  public static final Duration MAX_CALLBACK_RETRY_DELAY = Duration.ofHours(24);
  /** The longest confirm timeout accepted (issue 16). */
  public static final Duration MAX_CONFIRM_TIMEOUT = Duration.ofMinutes(1);

  private static final Pattern KEY_CHARS = Pattern.compile("[0-9*#]");
  private static final Pattern PROMPT_KEY = Pattern.compile("[a-z0-9][a-z0-9/_\\-]*");
  private static final Pattern NAME_CHARS = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_\\-]*");

  private final QueueId id;
  private final String strategy;
  private final Duration ringTimeout;
  private final Duration retryDelay;
  private final Duration wrapUpTime;
  private final int weight;
  private final Duration maxWait;
  private final Integer maxLength;
  private final JoinPolicy joinPolicy;
  private final boolean leaveWhenEmpty;
  private final boolean autoPause;
  private final Duration serviceLevelThreshold;
  private final boolean announcePosition;
  private final Duration positionFirstAfter;
  private final Duration positionEvery;
  private final boolean announceOnImprovement;
  private final Duration announceMinGap;
  private final EstimateAnnouncement estimateAnnouncement;
  private final List<String> periodicPrompts;
  private final Duration periodicEvery;
  private final String musicClass;
  private final boolean reportHoldTime;
  private final String language;
  private final Map<String, Path> promptOverrides;
  private final String estimator;
  private final Duration historyWindow;
  private final Character voicemailKey;
  private final Character callbackKey;
  private final boolean callbackKeepsPlace;
  private final int callbackAttempts;
  private final Duration callbackRetryDelay;
  private final Duration voicemailMaxLength;
  // ---- answer confirmation (issue 16)
  private final boolean confirmAnswer;
  private final Duration confirmTimeout;

  private QueueConfig(Builder b) {
    this.id = QueueId.of(b.name);
    this.strategy = b.strategy.trim();
    this.ringTimeout = b.ringTimeout;
    this.retryDelay = b.retryDelay;
    this.wrapUpTime = b.wrapUpTime;
    this.weight = b.weight;
    this.maxWait = b.maxWait;
    this.maxLength = b.maxLength;
    this.joinPolicy = b.joinPolicy;
    this.leaveWhenEmpty = b.leaveWhenEmpty;
    this.autoPause = b.autoPause;
    this.serviceLevelThreshold = b.serviceLevelThreshold;
    this.announcePosition = b.announcePosition;
    this.positionFirstAfter = b.positionFirstAfter;
    this.positionEvery = b.positionEvery;
    this.announceOnImprovement = b.announceOnImprovement;
    this.announceMinGap = b.announceMinGap;
    this.estimateAnnouncement = b.estimateAnnouncement;
    this.periodicPrompts = List.copyOf(b.periodicPrompts);
    this.periodicEvery = b.periodicEvery;
    this.musicClass = b.musicClass;
    this.reportHoldTime = b.reportHoldTime;
    this.confirmAnswer = b.confirmAnswer;
    this.confirmTimeout = b.confirmTimeout;
    this.language = b.language;
    this.promptOverrides = Map.copyOf(b.promptOverrides);
    this.estimator = b.estimator.trim();
    this.historyWindow = b.historyWindow;
    this.voicemailKey = b.voicemailKey;
    this.callbackKey = b.callbackKey;
    this.callbackKeepsPlace = b.callbackKeepsPlace;
    this.callbackAttempts = b.callbackAttempts;
    this.callbackRetryDelay = b.callbackRetryDelay;
    this.voicemailMaxLength = b.voicemailMaxLength;
  }

  /** A builder for a queue with this name and every default. */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  /** A builder holding this configuration's values. */
  public Builder toBuilder() {
    Builder b = new Builder(id.value());
    b.strategy = strategy;
    b.ringTimeout = ringTimeout;
    b.retryDelay = retryDelay;
    b.wrapUpTime = wrapUpTime;
    b.weight = weight;
    b.maxWait = maxWait;
    b.maxLength = maxLength;
    b.joinPolicy = joinPolicy;
    b.leaveWhenEmpty = leaveWhenEmpty;
    b.autoPause = autoPause;
    b.serviceLevelThreshold = serviceLevelThreshold;
    b.announcePosition = announcePosition;
    b.positionFirstAfter = positionFirstAfter;
    b.positionEvery = positionEvery;
    b.announceOnImprovement = announceOnImprovement;
    b.announceMinGap = announceMinGap;
    b.estimateAnnouncement = estimateAnnouncement;
    b.periodicPrompts = new ArrayList<>(periodicPrompts);
    b.periodicEvery = periodicEvery;
    b.musicClass = musicClass;
    b.reportHoldTime = reportHoldTime;
    b.confirmAnswer = confirmAnswer;
    b.confirmTimeout = confirmTimeout;
    b.language = language;
    b.promptOverrides = new LinkedHashMap<>(promptOverrides);
    b.estimator = estimator;
    b.historyWindow = historyWindow;
    b.voicemailKey = voicemailKey;
    b.callbackKey = callbackKey;
    b.callbackKeepsPlace = callbackKeepsPlace;
    b.callbackAttempts = callbackAttempts;
    b.callbackRetryDelay = callbackRetryDelay;
    b.voicemailMaxLength = voicemailMaxLength;
    return b;
  }

  /** The queue's id (its name). */
  public QueueId id() {
    return id;
  }

  /** The distribution strategy's name: a {@link Strategy#id()} or a registered custom one. */
  public String strategy() {
    return strategy;
  }

  /** How long an agent's phone rings before the attempt counts as no answer (capability 8). */
  public Duration ringTimeout() {
    return ringTimeout;
  }

  /** The pause after a full round of unanswered attempts before trying again (capability 9). */
  public Duration retryDelay() {
    return retryDelay;
  }

  /** Time after an answered call before the agent may be offered another (capability 10). */
  public Duration wrapUpTime() {
    return wrapUpTime;
  }

  /** Queue weight (capability 18): a free agent serves callers of heavier queues first. */
  public int weight() {
    return weight;
  }

  /** The longest a caller may wait before leaving with {@link CallOutcome#TIMEOUT}. */
  public Optional<Duration> maxWait() {
    return Optional.ofNullable(maxWait);
  }

  /** The most callers that may wait at once; further offers are not queued ({@code FULL}). */
  public OptionalInt maxLength() {
    return maxLength == null ? OptionalInt.empty() : OptionalInt.of(maxLength);
  }

  /** When an offered call may join (capability 7). */
  public JoinPolicy joinPolicy() {
    return joinPolicy;
  }

  /**
   * Whether waiting callers leave (outcome {@link CallOutcome#LEFT_EMPTY}) when the queue's last
   * active agent goes inactive. Default false: they keep waiting.
   */
  public boolean leaveWhenEmpty() {
    return leaveWhenEmpty;
  }

  /** Whether an agent who does not answer is paused (Asterisk's autopause). Default false. */
  public boolean autoPause() {
    return autoPause;
  }

  /** Answered within this counts toward the service level (capability 20). Default 20 s. */
  public Duration serviceLevelThreshold() {
    return serviceLevelThreshold;
  }

  /** Whether waiting callers hear their position (capability 12). Default true. */
  public boolean announcePosition() {
    return announcePosition;
  }

  /** Waiting time before the first position announcement. Default 10 s. */
  public Duration positionFirstAfter() {
    return positionFirstAfter;
  }

  /** Interval between position announcements. Default 45 s. */
  public Duration positionEvery() {
    return positionEvery;
  }

  /** Whether an improved position is announced early (but not within the minimum gap). */
  public boolean announceOnImprovement() {
    return announceOnImprovement;
  }

  /** The least time between two announcements to the same caller. Default 15 s. */
  public Duration announceMinGap() {
    return announceMinGap;
  }

  /** When the estimated wait is announced (capability 13). Default {@code ONCE}. */
  public EstimateAnnouncement estimateAnnouncement() {
    return estimateAnnouncement;
  }

  /** Prompt keys played periodically (e.g. "your call is important to us"); empty: none. */
  public List<String> periodicPrompts() {
    return periodicPrompts;
  }

  /** Interval of the periodic prompts. Default 60 s. */
  public Duration periodicEvery() {
    return periodicEvery;
  }

  /** The music-on-hold class callers hear between announcements (capability 17). */
  public String musicClass() {
    return musicClass;
  }

  /** Whether the agent hears the caller's hold time before being connected (capability 11). */
  public boolean reportHoldTime() {
    return reportHoldTime;
  }

  /** The language of announcements, e.g. {@code "en"} or {@code "pl"}. */
  public String language() {
    return language;
  }

  /**
   * The queue's own recordings, by prompt key (capability 16); other keys use the defaults. The
   * files are not read here (a configuration is a value and touches no file system): whoever
   * resolves recordings checks them, e.g. the server's configuration loader at start.
   */
  public Map<String, Path> promptOverrides() {
    return promptOverrides;
  }

  /** The wait-time estimator's name. Default {@code "default"}. */
  public String estimator() {
    return estimator;
  }

  /** The sliding window of call history the estimators learn from. Default 1 hour. */
  public Duration historyWindow() {
    return historyWindow;
  }

  /** The key that leaves the queue for voicemail (capability 14), if enabled. Default '0'. */
  public Optional<Character> voicemailKey() {
    return Optional.ofNullable(voicemailKey);
  }

  /** The key that requests a callback (capability 15), if enabled. Default '1'. */
  public Optional<Character> callbackKey() {
    return Optional.ofNullable(callbackKey);
  }

  /**
   * Whether a callback request keeps the caller's place in the queue: when it reaches the head and
   * an agent is free, the engine has the adapter call the agent and then the customer.
   */
  public boolean callbackKeepsPlace() {
    return callbackKeepsPlace;
  }

  /**
   * How many times a kept-place callback tries to reach the customer (each attempt calls an agent
   * first, then the customer) before it is given up as {@link CallOutcome#UNREACHED}: 1 to
   * {@value #MAX_CALLBACK_ATTEMPTS}. Default 3.
   */
  public int callbackAttempts() {
    return callbackAttempts;
  }

  /**
   * The wait after a callback's customer was not reached before the request goes back to its
   * place in the queue for the next attempt. Default 5 minutes.
   */
  public Duration callbackRetryDelay() {
    return callbackRetryDelay;
  }

  /** The longest voicemail a caller may leave (capability 14). Default 2 minutes. */
  public Duration voicemailMaxLength() {
    return voicemailMaxLength;
  }

  /**
   * Whether an agent's answer counts only once the agent presses 1 ("press 1 to take this call",
   * issue 16), for agents whose own setting is {@link AgentConfig.ConfirmAnswer#QUEUE_DEFAULT}.
   * Default false.
   */
  public boolean confirmAnswer() {
    return confirmAnswer;
  }

  /**
   * How long an agent asked to confirm has to press the key after the prompt, 1 ms to
   * {@link #MAX_CONFIRM_TIMEOUT}; silence past it is an unconfirmed ring. Default 5 seconds.
   */
  public Duration confirmTimeout() {
    return confirmTimeout;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof QueueConfig c)) {
      return false;
    }
    return id.equals(c.id) && strategy.equals(c.strategy) && ringTimeout.equals(c.ringTimeout)
        && retryDelay.equals(c.retryDelay) && wrapUpTime.equals(c.wrapUpTime)
        && weight == c.weight && Objects.equals(maxWait, c.maxWait)
        && Objects.equals(maxLength, c.maxLength) && joinPolicy == c.joinPolicy
        && leaveWhenEmpty == c.leaveWhenEmpty && autoPause == c.autoPause
        && serviceLevelThreshold.equals(c.serviceLevelThreshold)
        && announcePosition == c.announcePosition
        && positionFirstAfter.equals(c.positionFirstAfter)
        && positionEvery.equals(c.positionEvery)
        && announceOnImprovement == c.announceOnImprovement
        && announceMinGap.equals(c.announceMinGap)
        && estimateAnnouncement == c.estimateAnnouncement
        && periodicPrompts.equals(c.periodicPrompts) && periodicEvery.equals(c.periodicEvery)
        && musicClass.equals(c.musicClass) && reportHoldTime == c.reportHoldTime
        && language.equals(c.language) && promptOverrides.equals(c.promptOverrides)
        && estimator.equals(c.estimator) && historyWindow.equals(c.historyWindow)
        && Objects.equals(voicemailKey, c.voicemailKey)
        && Objects.equals(callbackKey, c.callbackKey)
        && callbackKeepsPlace == c.callbackKeepsPlace
        && voicemailMaxLength.equals(c.voicemailMaxLength)
        && confirmAnswer == c.confirmAnswer && confirmTimeout.equals(c.confirmTimeout);
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, strategy, ringTimeout, retryDelay, wrapUpTime, weight, maxWait,
        maxLength, joinPolicy, leaveWhenEmpty, autoPause, serviceLevelThreshold, announcePosition,
        positionFirstAfter, positionEvery, announceOnImprovement, announceMinGap,
        estimateAnnouncement, periodicPrompts, periodicEvery, musicClass, reportHoldTime, language,
        promptOverrides, estimator, historyWindow, voicemailKey, callbackKey, callbackKeepsPlace,
        voicemailMaxLength, confirmAnswer, confirmTimeout);
  }

  @Override
  public String toString() {
    return "QueueConfig[id=" + id + ", strategy=" + strategy + ", ringTimeout=" + ringTimeout
        + ", retryDelay=" + retryDelay + ", wrapUpTime=" + wrapUpTime + ", weight=" + weight
        + ", maxWait=" + maxWait + ", maxLength=" + maxLength + ", joinPolicy=" + joinPolicy
        + ", leaveWhenEmpty=" + leaveWhenEmpty + ", autoPause=" + autoPause
        + ", serviceLevelThreshold=" + serviceLevelThreshold + ", announcePosition="
        + announcePosition + ", positionFirstAfter=" + positionFirstAfter + ", positionEvery="
        + positionEvery + ", announceOnImprovement=" + announceOnImprovement + ", announceMinGap="
        + announceMinGap + ", estimateAnnouncement=" + estimateAnnouncement + ", periodicPrompts="
        + periodicPrompts + ", periodicEvery=" + periodicEvery + ", musicClass=" + musicClass
        + ", reportHoldTime=" + reportHoldTime + ", language=" + language + ", promptOverrides="
        + new java.util.TreeMap<>(promptOverrides) + ", estimator=" + estimator
        + ", historyWindow=" + historyWindow + ", voicemailKey=" + voicemailKey
        + ", callbackKey=" + callbackKey + ", callbackKeepsPlace=" + callbackKeepsPlace
        + ", callbackAttempts=" + callbackAttempts + ", callbackRetryDelay=" + callbackRetryDelay
        + ", voicemailMaxLength=" + voicemailMaxLength + ", confirmAnswer=" + confirmAnswer
        + ", confirmTimeout=" + confirmTimeout + "]";
  }

  /** Builds a {@link QueueConfig}; {@link #build()} validates every field at once. */
  public static final class Builder {
    private final String name;
    private String strategy = Strategy.RING_ALL.id();
    private Duration ringTimeout = Duration.ofSeconds(15);
    private Duration retryDelay = Duration.ofSeconds(5);
    private Duration wrapUpTime = Duration.ZERO;
    private int weight = 0;
    private Duration maxWait;
    private Integer maxLength;
    private JoinPolicy joinPolicy = JoinPolicy.REQUIRE_ACTIVE_AGENT;
    private boolean leaveWhenEmpty = false;
    private boolean autoPause = false;
    private Duration serviceLevelThreshold = Duration.ofSeconds(20);
    private boolean announcePosition = true;
    private Duration positionFirstAfter = Duration.ofSeconds(10);
    private Duration positionEvery = Duration.ofSeconds(45);
    private boolean announceOnImprovement = true;
    private Duration announceMinGap = Duration.ofSeconds(15);
    private EstimateAnnouncement estimateAnnouncement = EstimateAnnouncement.ONCE;
    private List<String> periodicPrompts = new ArrayList<>();
    private Duration periodicEvery = Duration.ofSeconds(60);
    private String musicClass = "default";
    private boolean reportHoldTime = false;
    private String language = "en";
    private Map<String, Path> promptOverrides = new LinkedHashMap<>();
    private String estimator = "default";
    private Duration historyWindow = Duration.ofHours(1);
    private Character voicemailKey = '0';
    private Character callbackKey = '1';
    private boolean callbackKeepsPlace = false;
    private int callbackAttempts = 3;
    private Duration callbackRetryDelay = Duration.ofMinutes(5);
    private Duration voicemailMaxLength = Duration.ofMinutes(2);
    private boolean confirmAnswer = false;
    private Duration confirmTimeout = Duration.ofSeconds(5);

    private Builder(String name) {
      this.name = name;
    }

    public Builder strategy(Strategy strategy) {
      this.strategy = strategy == null ? null : strategy.id();
      return this;
    }

    /** A strategy by name: a {@link Strategy#id()} or one registered with the engine. */
    public Builder strategy(String strategy) {
      this.strategy = strategy;
      return this;
    }

    public Builder ringTimeout(Duration d) {
      this.ringTimeout = d;
      return this;
    }

    public Builder retryDelay(Duration d) {
      this.retryDelay = d;
      return this;
    }

    public Builder wrapUpTime(Duration d) {
      this.wrapUpTime = d;
      return this;
    }

    public Builder weight(int weight) {
      this.weight = weight;
      return this;
    }

    /** The maximum wait; {@code null} for none (the default). */
    public Builder maxWait(Duration d) {
      this.maxWait = d;
      return this;
    }

    /** The maximum number of waiting callers; {@code null} for no limit (the default). */
    public Builder maxLength(Integer n) {
      this.maxLength = n;
      return this;
    }

    public Builder joinPolicy(JoinPolicy p) {
      this.joinPolicy = p;
      return this;
    }

    public Builder leaveWhenEmpty(boolean b) {
      this.leaveWhenEmpty = b;
      return this;
    }

    public Builder autoPause(boolean b) {
      this.autoPause = b;
      return this;
    }

    public Builder serviceLevelThreshold(Duration d) {
      this.serviceLevelThreshold = d;
      return this;
    }

    public Builder announcePosition(boolean b) {
      this.announcePosition = b;
      return this;
    }

    public Builder positionFirstAfter(Duration d) {
      this.positionFirstAfter = d;
      return this;
    }

    public Builder positionEvery(Duration d) {
      this.positionEvery = d;
      return this;
    }

    public Builder announceOnImprovement(boolean b) {
      this.announceOnImprovement = b;
      return this;
    }

    public Builder announceMinGap(Duration d) {
      this.announceMinGap = d;
      return this;
    }

    public Builder estimateAnnouncement(EstimateAnnouncement e) {
      this.estimateAnnouncement = e;
      return this;
    }

    public Builder periodicPrompts(List<String> keys) {
      this.periodicPrompts = keys == null ? null : new ArrayList<>(keys);
      return this;
    }

    public Builder periodicEvery(Duration d) {
      this.periodicEvery = d;
      return this;
    }

    public Builder musicClass(String c) {
      this.musicClass = c;
      return this;
    }

    public Builder reportHoldTime(boolean b) {
      this.reportHoldTime = b;
      return this;
    }

    public Builder language(String l) {
      this.language = l;
      return this;
    }

    /** Replaces one prompt with the queue's own recording (capability 16). */
    public Builder promptOverride(String key, Path file) {
      this.promptOverrides.put(key, file);
      return this;
    }

    public Builder promptOverrides(Map<String, Path> overrides) {
      this.promptOverrides = overrides == null ? null : new LinkedHashMap<>(overrides);
      return this;
    }

    public Builder estimator(String name) {
      this.estimator = name;
      return this;
    }

    public Builder historyWindow(Duration d) {
      this.historyWindow = d;
      return this;
    }

    /** The voicemail key, or {@code null} to disable it. */
    public Builder voicemailKey(Character key) {
      this.voicemailKey = key;
      return this;
    }

    /** The callback key, or {@code null} to disable it. */
    public Builder callbackKey(Character key) {
      this.callbackKey = key;
      return this;
    }

    public Builder callbackKeepsPlace(boolean b) {
      this.callbackKeepsPlace = b;
      return this;
    }

    /** Attempts to reach a kept-place callback's customer, 1 to {@value #MAX_CALLBACK_ATTEMPTS}. */
    public Builder callbackAttempts(int n) {
      this.callbackAttempts = n;
      return this;
    }

    /** The wait between two attempts of a kept-place callback. */
    public Builder callbackRetryDelay(Duration d) {
      this.callbackRetryDelay = d;
      return this;
    }

    public Builder voicemailMaxLength(Duration d) {
      this.voicemailMaxLength = d;
      return this;
    }

    /** Whether agents of this queue confirm their answers by default (issue 16). */
    public Builder confirmAnswer(boolean b) {
      this.confirmAnswer = b;
      return this;
    }

    /** How long an agent has to press the confirm key after the prompt (issue 16). */
    public Builder confirmTimeout(Duration d) {
      this.confirmTimeout = d;
      return this;
    }

    /** Checks every field and builds, or throws a {@link ConfigException} listing all problems. */
    public QueueConfig build() {
      String who = "queue '" + name + "'";
      List<String> p = new ArrayList<>();
      if (name == null || name.isBlank()) {
        who = "queue";
        p.add("queue: name must not be empty");
      } else if (!NAME_CHARS.matcher(name).matches() || name.length() > 64) {
        p.add(who + ": name must be 1-64 letters, digits, '_' or '-' (starting with a letter or"
            + " digit), was '" + name + "'");
      }
      if (strategy == null || strategy.isBlank()) {
        p.add(who + ": strategy must be set (one of " + strategyNames() + " or a registered one)");
      }
      positive(p, who, "ringTimeout", ringTimeout);
      if (ringTimeout != null && ringTimeout.compareTo(MAX_RING_TIMEOUT) > 0) {
        p.add(who + ": ringTimeout must be at most " + fmt(MAX_RING_TIMEOUT) + ", was "
            + fmt(ringTimeout));
      }
      notNegative(p, who, "retryDelay", retryDelay);
      notNegative(p, who, "wrapUpTime", wrapUpTime);
      if (wrapUpTime != null && wrapUpTime.compareTo(MAX_WRAP_UP) > 0) {
        p.add(who + ": wrapUpTime must be at most " + fmt(MAX_WRAP_UP) + ", was "
            + fmt(wrapUpTime));
      }
      if (weight < 0 || weight > MAX_WEIGHT) {
        p.add(who + ": weight must be 0.." + MAX_WEIGHT + ", was " + weight);
      }
      if (maxWait != null) {
        positive(p, who, "maxWait", maxWait);
      }
      if (maxLength != null && maxLength < 1) {
        p.add(who + ": maxLength must be >= 1 (or unset for no limit), was " + maxLength);
      }
      if (joinPolicy == null) {
        p.add(who + ": joinPolicy must be set");
      }
      positive(p, who, "serviceLevelThreshold", serviceLevelThreshold);
      notNegative(p, who, "positionFirstAfter", positionFirstAfter);
      positive(p, who, "positionEvery", positionEvery);
      notNegative(p, who, "announceMinGap", announceMinGap);
      if (estimateAnnouncement == null) {
        p.add(who + ": estimateAnnouncement must be set (OFF, ONCE or EVERY_TIME)");
      }
      if (periodicPrompts == null) {
        p.add(who + ": periodicPrompts must not be null (use an empty list)");
      } else {
        for (String k : periodicPrompts) {
          if (k == null || !PROMPT_KEY.matcher(k).matches()) {
            p.add(who + ": periodicPrompts holds an invalid prompt key '" + k + "'");
          }
        }
      }
      positive(p, who, "periodicEvery", periodicEvery);
      if (musicClass == null || !NAME_CHARS.matcher(musicClass).matches()) {
        p.add(who + ": musicClass must be a name of letters, digits, '_' or '-', was "
            + quote(musicClass));
      }
      if (language == null || !language.matches("[a-z]{2,3}(-[A-Za-z0-9]{2,8})?")) {
        p.add(who + ": language must be a language tag like 'en' or 'pl', was " + quote(language));
      }
      if (promptOverrides == null) {
        p.add(who + ": promptOverrides must not be null");
      } else {
        for (Map.Entry<String, Path> e : promptOverrides.entrySet()) {
          if (e.getKey() == null || !PROMPT_KEY.matcher(e.getKey()).matches()) {
            p.add(who + ": promptOverrides has an invalid prompt key " + quote(e.getKey()));
          } else if (e.getValue() == null) {
            p.add(who + ": promptOverrides['" + e.getKey() + "'] has no file");
          }
        }
      }
      if (estimator == null || estimator.isBlank()) {
        p.add(who + ": estimator must be set (e.g. 'default')");
      }
      positive(p, who, "historyWindow", historyWindow);
      checkKey(p, who, "voicemailKey", voicemailKey);
      checkKey(p, who, "callbackKey", callbackKey);
      if (voicemailKey != null && voicemailKey.equals(callbackKey)) {
        p.add(who + ": voicemailKey and callbackKey must differ, both are '" + voicemailKey + "'");
      }
      positive(p, who, "voicemailMaxLength", voicemailMaxLength);
      if (callbackKeepsPlace && callbackKey == null) {
        p.add(who + ": callbackKeepsPlace needs a callbackKey");
      }
      if (callbackAttempts < 1 || callbackAttempts > MAX_CALLBACK_ATTEMPTS) {
        p.add(who + ": callbackAttempts must be 1.." + MAX_CALLBACK_ATTEMPTS + ", was "
            + callbackAttempts);
      }
      positive(p, who, "callbackRetryDelay", callbackRetryDelay);
      if (callbackRetryDelay != null
          && callbackRetryDelay.compareTo(MAX_CALLBACK_RETRY_DELAY) > 0) {
        p.add(who + ": callbackRetryDelay must be at most " + fmt(MAX_CALLBACK_RETRY_DELAY)
            + ", was " + fmt(callbackRetryDelay));
      }
      positive(p, who, "confirmTimeout", confirmTimeout);
      if (confirmTimeout != null && confirmTimeout.compareTo(MAX_CONFIRM_TIMEOUT) > 0) {
        p.add(who + ": confirmTimeout must be at most " + fmt(MAX_CONFIRM_TIMEOUT) + ", was "
            + fmt(confirmTimeout));
      }
      if (!p.isEmpty()) {
        throw new ConfigException(p);
      }
      return new QueueConfig(this);
    }

    private static void checkKey(List<String> p, String who, String field, Character key) {
      if (key != null && !KEY_CHARS.matcher(String.valueOf(key)).matches()) {
        p.add(who + ": " + field + " must be one of 0-9, * or #, was '" + key + "'");
      }
    }

    private static void positive(List<String> p, String who, String field, Duration d) {
      if (d == null) {
        p.add(who + ": " + field + " must be set");
      } else if (d.isNegative() || d.isZero()) {
        p.add(who + ": " + field + " must be > 0, was " + fmt(d));
      }
    }

    private static void notNegative(List<String> p, String who, String field, Duration d) {
      if (d == null) {
        p.add(who + ": " + field + " must be set");
      } else if (d.isNegative()) {
        p.add(who + ": " + field + " must be >= 0, was " + fmt(d));
      }
    }

    private static String quote(Object o) {
      return o == null ? "null" : "'" + o + "'";
    }

    private static String strategyNames() {
      List<String> names = new ArrayList<>();
      for (Strategy s : Strategy.values()) {
        names.add(s.id());
      }
      return String.join(", ", names);
    }
  }

  /** Formats a duration the way configuration is written: {@code 15s}, {@code 1500ms}, {@code -5s}. */
  static String fmt(Duration d) {
    Objects.requireNonNull(d);
    if (d.toMillis() % 1000 == 0) {
      return d.toSeconds() + "s";
    }
    return d.toMillis() + "ms";
  }
}
