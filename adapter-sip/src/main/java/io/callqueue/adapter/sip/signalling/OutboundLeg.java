package io.callqueue.adapter.sip.signalling;

import io.callqueue.api.AgentEndpoint;
import io.callqueue.api.RingFailure;
import java.text.ParseException;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledFuture;
import javax.sip.ClientTransaction;
import javax.sip.InvalidArgumentException;
import javax.sip.ResponseEvent;
import javax.sip.SipException;
import javax.sip.header.AuthorizationHeader;
import javax.sip.header.CSeqHeader;
import javax.sip.header.ProxyAuthenticateHeader;
import javax.sip.header.ProxyAuthorizationHeader;
import javax.sip.header.ViaHeader;
import javax.sip.header.WWWAuthenticateHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An agent's leg (UAC). States: CALLING (INVITE sent) → PROCEEDING (a 1xx came) → ANSWERED (2xx,
 * ACK sent). Hanging up before the answer settles the result as cancelled at once; the CANCEL goes
 * out when allowed (RFC 3261 §9.1: only after a provisional response), and a 200 that crosses it is
 * acknowledged and hung up. The ring timer does the same with a NO_ANSWER result. A phone that
 * never answers our CANCEL nor sends the INVITE's final response would keep the leg for ever (the
 * INVITE client transaction has no timer once a 1xx came): 64·T1 after the CANCEL the leg is
 * given up as cancelled (RFC 3261 §9.1).
 *
 * <p>A 401/407 from the outbound gateway is answered once with the configured gateway credentials
 * (RFC 3261 §22.2): the stack ACKs the challenge within its transaction; the INVITE is sent again
 * with the same Call-ID and From tag, the next CSeq, a new branch and an Authorization (or
 * Proxy-Authorization) header, back in state CALLING. A second challenge (unless it only says the
 * nonce went stale) means the credentials are wrong: the ring fails UNREACHABLE with that status.
 */
final class OutboundLeg extends Leg implements OutboundCall {
  private static final Logger log = LoggerFactory.getLogger(OutboundLeg.class);

  private enum State {
    CALLING,
    PROCEEDING,
    ANSWERED
  }

  private final AgentEndpoint target;
  private final String callerId;
  private final Duration ringTimeout;
  private final CompletableFuture<DialResult> result = new CompletableFuture<>();
  private State state = State.CALLING;
  private ClientTransaction invite;
  private boolean cancelWanted;
  private boolean cancelSent;
  private boolean settled;
  private ScheduledFuture<?> ringTimer;
  private ScheduledFuture<?> cancelGiveUp;
  /** Challenges answered so far: at most one, plus one whose nonce went stale. */
  private int challengesAnswered;

  OutboundLeg(SignallingCore core, String callId, AgentEndpoint target, String callerId,
      String sdpOffer, Duration ringTimeout) {
    super(core, callId, "");
    this.target = target;
    this.callerId = callerId;
    this.localSdp = sdpOffer;
    this.ringTimeout = ringTimeout;
  }

  // ---- OutboundCall (any thread) --------------------------------------------------------------

  @Override
  public AgentEndpoint target() {
    return target;
  }

  @Override
  public CompletionStage<DialResult> result() {
    return result.minimalCompletionStage();
  }

  @Override
  public void hangUp() {
    core.submit(() -> stop(new DialResult.Cancelled()));
  }

  @Override
  public void onKey(Consumer<Character> listener) {
    keyListener = listener;
  }

  // ---- signalling thread ------------------------------------------------------------------------

  void start() {
    Optional<SignallingCore.Route> route;
    try {
      route = core.route(target);
      if (route.isEmpty()) {
        log.info("cannot ring {}: {}", target, target instanceof AgentEndpoint.SipAccount
            ? "not registered" : "no gateway configured");
        settle(new DialResult.Failed(RingFailure.UNREACHABLE, 0));
        finish(CallEnd.FAILED);
        return;
      }
      Request request =
          core.newInvite(callId, route.get().target(), route.get().to(), callerId, localSdp);
      core.track(this);
      invite = core.provider().getNewClientTransaction(request);
      invite.sendRequest();
      dialog = invite.getDialog();
      ringTimer = core.schedule(() -> stop(new DialResult.Failed(RingFailure.NO_ANSWER, 0)),
          ringTimeout);
    } catch (ParseException | InvalidArgumentException | SipException
        | RuntimeException e) {
      log.info("cannot ring {}: {}", target, e.toString());
      settle(new DialResult.Failed(RingFailure.UNREACHABLE, 0));
      finish(CallEnd.FAILED);
    }
  }

  /** The server stopped before {@link #start} could run. */
  void abandon() {
    result.complete(new DialResult.Failed(RingFailure.UNREACHABLE, 0));
    ended.complete(CallEnd.SERVER_STOPPED);
  }

  /** Hang-up or ring timeout: settles the result with {@code outcome} unless already settled. */
  private void stop(DialResult outcome) {
    if (isOver()) {
      return;
    }
    if (state == State.ANSWERED) {
      sendBye();
      finish(CallEnd.LOCAL_HANGUP);
      return;
    }
    settle(outcome);
    cancelWanted = true;
    if (state == State.PROCEEDING) {
      sendCancel();
    }
  }

  @Override
  void onResponse(ResponseEvent event) {
    Response response = event.getResponse();
    CSeqHeader cseq = (CSeqHeader) response.getHeader(CSeqHeader.NAME);
    if (!Request.INVITE.equals(cseq.getMethod()) || isOver()) {
      return; // responses to BYE and CANCEL need nothing
    }
    int status = response.getStatusCode();
    if (status < 200) {
      if (state == State.CALLING) {
        state = State.PROCEEDING;
        if (cancelWanted) {
          sendCancel();
        }
      }
      return;
    }
    if (status < 300) {
      if (event.getClientTransaction() == null && state == State.ANSWERED) {
        return; // a retransmitted 2xx: the stack repeats our ACK
      }
      dialog = event.getDialog() != null ? event.getDialog() : dialog;
      sendAck(cseq.getSeqNumber());
      cancelTimer();
      if (cancelWanted) {
        sendBye(); // the 200 crossed our CANCEL (or came after the ring timeout)
        finish(CallEnd.CANCELLED);
        return;
      }
      state = State.ANSWERED;
      remoteSdp = SignallingCore.body(response);
      settle(new DialResult.Answered(remoteSdp));
      return;
    }
    if ((status == Response.UNAUTHORIZED || status == Response.PROXY_AUTHENTICATION_REQUIRED)
        && !cancelWanted && answerChallenge(response)) {
      return;
    }
    cancelTimer();
    settle(new DialResult.Failed(RingFailures.forStatus(status), status));
    finish(cancelWanted ? CallEnd.CANCELLED : CallEnd.FAILED);
  }

  /** Sends the INVITE again with credentials; false when the challenge is not to be answered. */
  private boolean answerChallenge(Response response) {
    SipConfig.Credentials credentials = core.config.gatewayCredentials();
    if (credentials == null || !(target instanceof AgentEndpoint.ExternalNumber)) {
      log.info("ring {} of {} challenged with {}: no gateway credentials to answer with", callId,
          target, response.getStatusCode());
      return false;
    }
    boolean proxy = response.getStatusCode() == Response.PROXY_AUTHENTICATION_REQUIRED;
    WWWAuthenticateHeader challenge = (WWWAuthenticateHeader) response.getHeader(
        proxy ? ProxyAuthenticateHeader.NAME : WWWAuthenticateHeader.NAME);
    if (challenge == null) {
      return false;
    }
    if (challengesAnswered >= 2 || (challengesAnswered == 1 && !challenge.isStale())) {
      log.warn("gateway refused our credentials (user '{}') for {}: {} again",
          credentials.username(), callId, response.getStatusCode());
      return false;
    }
    try {
      Request next = (Request) invite.getRequest().clone();
      Optional<String> authorization = DigestAuth.answer(challenge, credentials.username(),
          credentials.password(), Request.INVITE, next.getRequestURI().toString(), core.newTag());
      if (authorization.isEmpty()) {
        log.warn("cannot answer the gateway's challenge for {}: {}", callId, challenge);
        return false;
      }
      CSeqHeader cseq = (CSeqHeader) next.getHeader(CSeqHeader.NAME);
      cseq.setSeqNumber(cseq.getSeqNumber() + 1);
      ((ViaHeader) next.getHeader(ViaHeader.NAME)).setBranch(core.newBranch());
      next.removeHeader(AuthorizationHeader.NAME);
      next.removeHeader(ProxyAuthorizationHeader.NAME);
      next.addHeader(core.headers.createHeader(
          proxy ? ProxyAuthorizationHeader.NAME : AuthorizationHeader.NAME, authorization.get()));
      invite = core.provider().getNewClientTransaction(next);
      invite.sendRequest();
      dialog = invite.getDialog();
      state = State.CALLING;
      challengesAnswered++;
      log.debug("answered the gateway's {} for {} as '{}'", response.getStatusCode(), callId,
          credentials.username());
      return true;
    } catch (ParseException | InvalidArgumentException | SipException | RuntimeException e) {
      log.warn("could not answer the gateway's challenge for {}: {}", callId, e.toString());
      return false;
    }
  }

  @Override
  void onClientTimeout(String method) {
    if (Request.INVITE.equals(method) && state != State.ANSWERED) {
      cancelTimer();
      settle(new DialResult.Failed(RingFailure.UNREACHABLE, 0));
      finish(cancelWanted ? CallEnd.CANCELLED : CallEnd.FAILED);
    }
  }

  @Override
  void onAck(Request ack) {
    // We are the UAC: ACKs only come for 2xx answers to re-INVITEs we never send.
  }

  @Override
  void terminate() {
    if (state == State.ANSWERED) {
      sendBye();
    } else if (state == State.PROCEEDING) {
      sendCancel();
    }
    settle(new DialResult.Failed(RingFailure.UNREACHABLE, 0));
    finish(CallEnd.SERVER_STOPPED);
  }

  @Override
  void onFinished(CallEnd why) {
    cancelTimer();
    if (cancelGiveUp != null) {
      cancelGiveUp.cancel(false);
      cancelGiveUp = null;
    }
  }

  private void settle(DialResult outcome) {
    if (!settled) {
      settled = true;
      core.complete(result, outcome);
    }
  }

  private void cancelTimer() {
    if (ringTimer != null) {
      ringTimer.cancel(false);
      ringTimer = null;
    }
  }

  private void sendCancel() {
    if (cancelSent || invite == null) {
      return;
    }
    cancelSent = true;
    Duration wait = core.config.timerT1().multipliedBy(64);
    cancelGiveUp = core.schedule(() -> {
      cancelGiveUp = null;
      if (!isOver()) {
        log.info("ring {} of {}: no final response within {} (64·T1) of our CANCEL; given up",
            callId, target, wait);
        finish(CallEnd.CANCELLED);
      }
    }, wait);
    try {
      Request cancel = invite.createCancel();
      core.provider().getNewClientTransaction(cancel).sendRequest();
    } catch (SipException | RuntimeException e) {
      log.warn("could not CANCEL {}: {}", callId, e.toString());
    }
  }

  private void sendAck(long cseq) {
    try {
      Request ack = dialog.createAck(cseq);
      dialog.sendAck(ack);
    } catch (SipException | InvalidArgumentException | RuntimeException e) {
      log.warn("could not ACK {}: {}", callId, e.toString());
    }
  }
}
