package io.callqueue.examples.server.board;

import io.callqueue.api.AgentId;
import io.callqueue.api.EngineSnapshot;
import io.callqueue.core.records.AgentStats;
import io.callqueue.core.records.QueueStats;
import io.callqueue.core.records.StatisticsReport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * The wallboard's picture, one JSON object per frame: the engine's snapshot (waiting callers,
 * members and agent states: live) with today's figures from the call records (service level,
 * answered, missed, talk time: as of the last refresh). Every frame is the whole picture, so a
 * client that missed frames is in sync again with the next one.
 */
final class WallboardState {
  private WallboardState() {}

  static Map<String, Object> of(long seq, EngineSnapshot s, StatisticsReport today) {
    List<Object> queues = new ArrayList<>();
    s.queues().values().stream()
        .sorted((a, b) -> a.config().id().value().compareTo(b.config().id().value()))
        .forEach(q -> {
          Map<String, Object> m = new LinkedHashMap<>();
          m.put("name", q.config().id().value());
          m.put("waitingCount", q.waiting().size());
          m.put("longestWaitSeconds", seconds(q.longestWait()));
          m.put("estimatedWaitSeconds", q.estimatedWait() == null ? null
              : seconds(q.estimatedWait()));
          QueueStats t = today.queues().get(q.config().id());
          m.put("offeredToday", t == null ? 0 : t.offered());
          m.put("answeredToday", t == null ? 0 : t.answered());
          m.put("abandonedToday", t == null ? 0 : t.abandoned());
          m.put("serviceLevelToday", t == null ? null : ratio(t.serviceLevel()));
          List<Object> waiting = new ArrayList<>(q.waiting().size());
          for (EngineSnapshot.WaitingCaller w : q.waiting()) {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("call", w.call().value());
            c.put("callerNumber", w.callerNumber());
            c.put("position", w.position());
            c.put("waitedSeconds", seconds(w.waited()));
            c.put("ringing", w.ringing().stream().map(AgentId::value).toList());
            waiting.add(c);
          }
          m.put("waiting", waiting);
          m.put("members", q.members().stream().map(mem -> Map.of("agent", mem.agent().value(),
              "state", mem.state().name())).toList());
          queues.add(m);
        });
    List<Object> agents = new ArrayList<>();
    s.agents().values().stream()
        .sorted((a, b) -> a.config().id().value().compareTo(b.config().id().value()))
        .forEach(a -> {
          Map<String, Object> m = new LinkedHashMap<>();
          m.put("id", a.config().id().value());
          m.put("state", a.state().name());
          m.put("sinceSeconds", seconds(Duration.between(a.since(), s.at())));
          m.put("call", a.call() == null ? null : a.call().value());
          m.put("registered", a.registered());
          AgentStats t = today.agents().get(a.config().id());
          m.put("answeredToday", t == null ? 0 : t.answered() + t.callbacks());
          m.put("missedToday", t == null ? 0 : t.missedAttempts());
          m.put("talkSecondsToday", t == null ? 0.0 : seconds(t.totalTalk()));
          agents.add(m);
        });
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("seq", seq);
    out.put("at", s.at().toString());
    out.put("queues", queues);
    out.put("agents", agents);
    return out;
  }

  private static double seconds(Duration d) {
    return d.toMillis() / 1000.0;
  }

  private static Double ratio(OptionalDouble d) {
    return d.isPresent() ? d.getAsDouble() : null;
  }
}
