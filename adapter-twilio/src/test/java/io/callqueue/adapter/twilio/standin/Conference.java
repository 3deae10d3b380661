package io.callqueue.adapter.twilio.standin;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@code <Conference>} room: it starts when a participant with
 * {@code startConferenceOnEnter="true"} (Twilio's default) is in, and ends for everyone when a
 * participant with {@code endConferenceOnExit="true"} leaves.
 */
public final class Conference {
  final String name;
  private final Map<SimCall, Boolean> members = new LinkedHashMap<>();
  private boolean started;
  private boolean ended;
  private long startedNanos;

  Conference(String name) {
    this.name = name;
  }

  synchronized void join(SimCall call, boolean start, boolean endOnExit) {
    members.put(call, endOnExit);
    if (start && !started) {
      started = true;
      startedNanos = System.nanoTime();
    }
  }

  void leave(SimCall call) {
    List<SimCall> kick = new ArrayList<>();
    synchronized (this) {
      Boolean endOnExit = members.remove(call);
      if (Boolean.TRUE.equals(endOnExit) && started) {
        ended = true;
        kick.addAll(members.keySet());
        members.clear();
      }
    }
    for (SimCall c : kick) {
      c.conferenceEnded();
    }
  }

  /** The calls in the room now. */
  public synchronized List<SimCall> members() {
    return new ArrayList<>(members.keySet());
  }

  /** When the conference started ({@link System#nanoTime()}), or 0 while it has not. */
  public synchronized long startedNanos() {
    return startedNanos;
  }

  public synchronized boolean started() {
    return started && !ended;
  }
}
