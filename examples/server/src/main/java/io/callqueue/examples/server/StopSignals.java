package io.callqueue.examples.server;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SIGTERM and SIGINT as a stop request instead of the JVM's default (run the shutdown hooks, then
 * exit 143 or 130), so that the server stops on its main thread and exits 0 as documented. A
 * second signal while stopping halts at once with 1.
 *
 * <p>Design note: the JDK's only signal API is {@code sun.misc.Signal} in {@code jdk.unsupported}
 * (exported on every JDK since 9). Referring to it in source draws javac's unsuppressible
 * "internal proprietary API" warning, which -Werror turns into a failed build, so it is used
 * through reflection; where it is missing, {@link #install} says so and the default stays.
 */
final class StopSignals {
  private static final Logger log = LoggerFactory.getLogger(StopSignals.class);

  private StopSignals() {}

  /**
   * Makes SIGTERM and SIGINT call {@code onStop} (once; a second signal halts with 1).
   *
   * @return whether the handlers are installed
   */
  static boolean install(Runnable onStop) {
    AtomicInteger received = new AtomicInteger();
    try {
      Class<?> signal = Class.forName("sun.misc.Signal");
      Class<?> handlerType = Class.forName("sun.misc.SignalHandler");
      Object handler = Proxy.newProxyInstance(handlerType.getClassLoader(),
          new Class<?>[] {handlerType}, (proxy, method, args) -> switch (method.getName()) {
            case "handle" -> {
              if (received.incrementAndGet() == 1) {
                onStop.run();
              } else {
                log.warn("second stop signal while stopping: exiting now");
                Runtime.getRuntime().halt(1);
              }
              yield null;
            }
            case "hashCode" -> System.identityHashCode(proxy);
            case "equals" -> proxy == args[0];
            default -> "StopSignals";
          });
      Method handle = signal.getMethod("handle", signal, handlerType);
      for (String name : List.of("TERM", "INT")) {
        handle.invoke(null, signal.getConstructor(String.class).newInstance(name), handler);
      }
      return true;
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      log.warn("cannot handle SIGTERM/SIGINT ({}): the JVM's default applies", e.toString());
      return false;
    }
  }
}
