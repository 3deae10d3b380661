/**
 * The Twilio adapter: callqueue as the queue of a Twilio Programmable Voice number. It answers
 * Twilio's (signed) webhooks with TwiML and drives calls through Twilio's REST Calls API with the
 * Twilio Java SDK. Entry point: {@link io.callqueue.adapter.twilio.TwilioTelephony}.
 */
package io.callqueue.adapter.twilio;
