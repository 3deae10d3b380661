package io.callqueue.benchmarks.sim;

import io.callqueue.api.CallId;
import io.callqueue.api.QueueEvent;
import io.callqueue.api.QueueEventListener;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Test helper: per joined call, in the order they joined, the join time, the wait and the talk
 * time, read from the engine's events (only the calls in the system are indexed by id).
 */
final class CallLog implements QueueEventListener {
  long[] joinedMillis = new long[1024];
  long[] waitMillis = new long[1024];
  long[] talkMillis = new long[1024];
  boolean[] answered = new boolean[1024];
  int size;
  private final Map<CallId, Integer> live = new HashMap<>();

  @Override
  public void onEvent(QueueEvent e) {
    if (e instanceof QueueEvent.CallerJoined j) {
      if (size == joinedMillis.length) {
        int n = size * 2;
        joinedMillis = Arrays.copyOf(joinedMillis, n);
        waitMillis = Arrays.copyOf(waitMillis, n);
        talkMillis = Arrays.copyOf(talkMillis, n);
        answered = Arrays.copyOf(answered, n);
      }
      joinedMillis[size] = j.at().toEpochMilli();
      waitMillis[size] = -1;
      talkMillis[size] = -1;
      live.put(j.call(), size++);
    } else if (e instanceof QueueEvent.CallerLeft l) {
      Integer i = live.get(l.call());
      if (i != null) {
        waitMillis[i] = l.waited().toMillis();
        answered[i] = l.outcome() == io.callqueue.api.CallOutcome.ANSWERED;
        if (!answered[i]) {
          live.remove(l.call());
        }
      }
    } else if (e instanceof QueueEvent.CallCompleted c) {
      Integer i = live.remove(c.call());
      if (i != null) {
        talkMillis[i] = c.talkTime().toMillis();
      }
    }
  }
}
