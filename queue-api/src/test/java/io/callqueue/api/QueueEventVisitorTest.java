package io.callqueue.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The visitor is what makes event handling exhaustive on Java 17 (a consumer that misses an event
 * does not compile, which JUnit cannot show); this checks the other half: that the visitor has
 * exactly one method per event and that every event calls its own.
 */
class QueueEventVisitorTest {

  @Test
  void theVisitorHasOneAbstractMethodPerEvent_namedAfterIt_withNoDefaults() {
    Set<Class<?>> events = Set.of(QueueEvent.class.getPermittedSubclasses());
    Method[] methods = QueueEvent.Visitor.class.getDeclaredMethods();

    assertThat(methods).allSatisfy(m -> {
      assertThat(Modifier.isAbstract(m.getModifiers())).as("%s is abstract", m).isTrue();
      assertThat(m.getParameterTypes()).as("%s takes one event", m).hasSize(1);
      assertThat(m.getName()).isEqualTo(visitName(m.getParameterTypes()[0]));
    });
    assertThat(Arrays.stream(methods).map(m -> m.getParameterTypes()[0]))
        .containsExactlyInAnyOrderElementsOf(events);
  }

  @Test
  void everyPermittedEvent_dispatchesToItsOwnVisitorMethod_once() throws Exception {
    Class<?>[] events = QueueEvent.class.getPermittedSubclasses();
    assertThat(events).hasSizeGreaterThanOrEqualTo(12);
    for (Class<?> type : events) {
      QueueEvent event = anInstanceOf(type);
      List<String> calls = new ArrayList<>();
      List<Object> arguments = new ArrayList<>();
      QueueEvent.Visitor recording = (QueueEvent.Visitor) Proxy.newProxyInstance(
          QueueEvent.Visitor.class.getClassLoader(), new Class<?>[] {QueueEvent.Visitor.class},
          (proxy, method, args) -> {
            calls.add(method.getName());
            arguments.add(args[0]);
            return null;
          });

      event.accept(recording);

      assertThat(calls).as("visitor methods called by %s", type.getSimpleName())
          .containsExactly(visitName(type));
      assertThat(arguments.get(0)).isSameAs(event);
    }
  }

  /** {@code CallerJoined} → {@code callerJoined}. */
  private static String visitName(Class<?> event) {
    String n = event.getSimpleName();
    return Character.toLowerCase(n.charAt(0)) + n.substring(1);
  }

  private static final Map<Class<?>, Object> ZEROES =
      Map.of(int.class, 0, long.class, 0L, boolean.class, false, double.class, 0.0);

  /** An event of this record type with zero, false or null in every component. */
  private static QueueEvent anInstanceOf(Class<?> type) throws Exception {
    assertThat(type.isRecord()).as("%s is a record", type).isTrue();
    RecordComponent[] components = type.getRecordComponents();
    Class<?>[] types = Arrays.stream(components).map(RecordComponent::getType)
        .toArray(Class<?>[]::new);
    Object[] values = Arrays.stream(types)
        .map(t -> t.isPrimitive() ? ZEROES.get(t) : null).toArray();
    Constructor<?> canonical = type.getDeclaredConstructor(types);
    return (QueueEvent) canonical.newInstance(values);
  }
}
