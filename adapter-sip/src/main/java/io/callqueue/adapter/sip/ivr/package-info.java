/**
 * IVR scenarios (capability 19): the steps an incoming call goes through — prompts, menus, the
 * "queue" action with its continuation, voicemail, hang-up — run against any call leg that can
 * play, collect a key and record.
 */
package io.callqueue.adapter.sip.ivr;
