package io.callqueue.adapter.sip.signalling;

import gov.nist.javax.sip.DialogTimeoutEvent;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import javax.sip.ClientTransaction;
import javax.sip.Dialog;
import javax.sip.ResponseEvent;
import javax.sip.ServerTransaction;
import javax.sip.SipException;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What both legs of the B2BUA share: the dialog, the SDP of each side, in-dialog BYE and
 * re-INVITE handling, and the one-time end. Fields without {@code volatile} are confined to the
 * signalling thread.
 */
abstract class Leg {
  private static final Logger log = LoggerFactory.getLogger(Leg.class);

  final SignallingCore core;
  final String callId;
  final CompletableFuture<CallEnd> ended = new CompletableFuture<>();
  volatile String remoteSdp;
  volatile Consumer<String> sdpListener;
  volatile Consumer<Character> keyListener;
  String localSdp = "";
  Dialog dialog;
  private boolean over;

  Leg(SignallingCore core, String callId, String remoteSdp) {
    this.core = core;
    this.callId = callId;
    this.remoteSdp = remoteSdp;
  }

  public String callId() {
    return callId;
  }

  public String remoteSdp() {
    return remoteSdp;
  }

  public CompletionStage<CallEnd> ended() {
    return ended.minimalCompletionStage();
  }

  boolean isOver() {
    return over;
  }

  /** Ends the leg once: forgets it and completes {@link #ended}. */
  final void finish(CallEnd why) {
    if (over) {
      return;
    }
    over = true;
    core.forget(this);
    onFinished(why);
    core.complete(ended, why);
    log.debug("leg {} ended: {}", callId, why);
  }

  /** Hook for subclasses, on the signalling thread, before {@link #ended} completes. */
  void onFinished(CallEnd why) {}

  abstract void onAck(Request ack);

  void onResponse(ResponseEvent event) {}

  void onClientTimeout(String method) {}

  void onDialogTimeout(DialogTimeoutEvent.Reason reason) {}

  /** The server is stopping: end the leg on the wire as well as possible, at once. */
  abstract void terminate();

  void onBye(ServerTransaction st) {
    core.respond(st, Response.OK, null, null);
    finish(CallEnd.REMOTE_HANGUP);
  }

  /** A re-INVITE (hold, resume, new address): answered with our current SDP. */
  void onReinvite(ServerTransaction st, Request request) {
    String offer = SignallingCore.body(request);
    if (!offer.isEmpty() && !core.config.offerCheck().test(offer)) {
      core.respond(st, Response.NOT_ACCEPTABLE_HERE, null, null);
      return;
    }
    core.respond(st, Response.OK, null, response -> {
      response.addHeader(core.contact());
      response.setContent(localSdp, core.headers.createContentTypeHeader("application", "sdp"));
    });
    if (!offer.isEmpty()) {
      remoteSdpChanged(offer);
    }
  }

  void remoteSdpChanged(String sdp) {
    remoteSdp = sdp;
    Consumer<String> listener = sdpListener;
    if (listener != null) {
      core.deliver(() -> listener.accept(sdp));
    }
  }

  /**
   * An in-dialog INFO: an {@code application/dtmf-relay} body ({@code Signal=5}) is a key press
   * (the fallback for phones that do not send RFC 4733 events), delivered in order.
   */
  void onInfo(Request info) {
    Object type = info.getHeader("Content-Type");
    String body = SignallingCore.body(info);
    if (type == null || !type.toString().toLowerCase(java.util.Locale.ROOT)
        .contains("application/dtmf-relay")) {
      return;
    }
    for (String line : body.split("\r?\n")) {
      String[] kv = line.split("=", 2);
      if (kv.length == 2 && kv[0].trim().equalsIgnoreCase("Signal")) {
        String v = kv[1].trim();
        Consumer<Character> listener = keyListener;
        if (v.length() == 1 && "0123456789*#".indexOf(v.charAt(0)) >= 0 && listener != null) {
          char key = v.charAt(0);
          core.deliver(() -> listener.accept(key));
        }
      }
    }
  }

  void sendBye() {
    if (dialog == null) {
      return;
    }
    try {
      Request bye = dialog.createRequest(Request.BYE);
      ClientTransaction ct = core.provider().getNewClientTransaction(bye);
      dialog.sendRequest(ct);
    } catch (SipException | RuntimeException e) {
      log.warn("could not send BYE on {}: {}", callId, e.toString());
    }
  }
}
