/**
 * callqueue as the queue of a Twilio number: {@link io.callqueue.examples.twilio.TwilioApp} runs
 * the engine and adapter-twilio's webhook server from a YAML file
 * ({@link io.callqueue.examples.twilio.TwilioAppConfig}).
 */
package io.callqueue.examples.twilio;
