package io.callqueue.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** The agent lifecycle's transition table, every pair of states. */
class AgentStateTest {

  /**
   * The documented table: row = from, columns = to in declaration order
   * (LOGGED_OUT, AVAILABLE, RINGING, ON_CALL, WRAP_UP, PAUSED); x = legal. LOGGED_OUT and PAUSED
   * may enter WRAP_UP: an agent back before its last call's wrap-up ran out finishes it first.
   */
  private static final String[] TABLE = {
      "LOGGED_OUT  . x . . x x",
      "AVAILABLE   x . x . . x",
      "RINGING     x x . x . x",
      "ON_CALL     x x . . x x",
      "WRAP_UP     x x . . . x",
      "PAUSED      x x . . x .",
  };

  static Stream<Arguments> everyPair() {
    List<Arguments> pairs = new ArrayList<>();
    for (String row : TABLE) {
      String[] cells = row.trim().split("\\s+");
      AgentState from = AgentState.valueOf(cells[0]);
      for (AgentState to : AgentState.values()) {
        pairs.add(Arguments.of(from, to, cells[1 + to.ordinal()].equals("x")));
      }
    }
    return pairs.stream();
  }

  @ParameterizedTest(name = "{0} -> {1}: legal={2}")
  @MethodSource("everyPair")
  void transitionTable_matchesTheDocumentedLifecycle(AgentState from, AgentState to,
      boolean legal) {
    assertThat(from.canMoveTo(to)).isEqualTo(legal);
    assertThat(from.next().contains(to)).isEqualTo(legal);
  }

  @ParameterizedTest(name = "{0} active={1}")
  @CsvSource({
      "LOGGED_OUT, false",
      "AVAILABLE,  true",
      "RINGING,    true",
      "ON_CALL,    true",
      "WRAP_UP,    true",
      "PAUSED,     false",
  })
  void isActive_onlyForLoggedInUnpausedStates(AgentState state, boolean active) {
    assertThat(state.isActive()).isEqualTo(active);
  }
}
