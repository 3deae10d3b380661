/**
 * The project's one SIPp harness: {@link io.callqueue.testkit.sipp.Sipp} runs SIPp, the real SIP
 * peer of the wire tests, as a caller or phone against the server under test, with scenarios taken
 * by name from each module's {@code src/test/resources/sipp/}.
 */
package io.callqueue.testkit.sipp;
