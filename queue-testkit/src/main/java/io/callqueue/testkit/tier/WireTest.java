package io.callqueue.testkit.tier;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;

/**
 * A test class (or method) that waits in real time on real sockets or processes — SIPp, RTP
 * streams, the HTTP endpoint, a child JVM. Tagged {@value #TAG}: the fast tier
 * ({@code mvn test}) leaves it out, the full suite ({@code mvn verify}, failsafe) runs it. Each
 * test fails after {@link #TIMEOUT_SECONDS} s; a class that needs longer declares its own
 * {@code @Timeout}, which takes precedence.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@Tag(WireTest.TAG)
@Timeout(value = WireTest.TIMEOUT_SECONDS, unit = TimeUnit.SECONDS)
public @interface WireTest {
  /** The JUnit tag; the poms' surefire and failsafe configurations name it. */
  String TAG = "wire";

  /** The default limit for one test, including its SIPp peers' own timeouts. */
  long TIMEOUT_SECONDS = 120;
}
