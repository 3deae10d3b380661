/**
 * The Asterisk adapter: binds the engine to Asterisk through asterisk-java (AMI for events and
 * originate, FastAGI for the waiting caller). Placeholder: the adapter arrives with its own issue.
 */
package io.callqueue.adapter.asterisk;
