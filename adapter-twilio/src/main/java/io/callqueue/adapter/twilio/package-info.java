/**
 * The Twilio adapter: answers Twilio webhooks with TwiML and drives calls through Twilio's REST
 * API with its Java SDK. Placeholder: the adapter arrives with its own issue.
 */
package io.callqueue.adapter.twilio;
