package io.callqueue.adapter.sip.signalling;

import gov.nist.javax.sip.DialogTimeoutEvent;
import gov.nist.javax.sip.RequestEventExt;
import gov.nist.javax.sip.SipListenerExt;
import gov.nist.javax.sip.address.AddressFactoryImpl;
import gov.nist.javax.sip.header.HeaderFactoryImpl;
import gov.nist.javax.sip.message.MessageFactoryImpl;
import io.callqueue.api.AgentEndpoint;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.ListIterator;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import javax.sip.ClientTransaction;
import javax.sip.DialogTerminatedEvent;
import javax.sip.IOExceptionEvent;
import javax.sip.InvalidArgumentException;
import javax.sip.RequestEvent;
import javax.sip.ResponseEvent;
import javax.sip.ServerTransaction;
import javax.sip.SipException;
import javax.sip.SipProvider;
import javax.sip.TimeoutEvent;
import javax.sip.TransactionAlreadyExistsException;
import javax.sip.TransactionTerminatedEvent;
import javax.sip.TransactionUnavailableException;
import javax.sip.address.Address;
import javax.sip.address.AddressFactory;
import javax.sip.address.SipURI;
import javax.sip.address.URI;
import javax.sip.header.AuthorizationHeader;
import javax.sip.header.CSeqHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.header.ContactHeader;
import javax.sip.header.ContentTypeHeader;
import javax.sip.header.FromHeader;
import javax.sip.header.HeaderFactory;
import javax.sip.header.MaxForwardsHeader;
import javax.sip.header.RequireHeader;
import javax.sip.header.ToHeader;
import javax.sip.header.ViaHeader;
import javax.sip.message.Message;
import javax.sip.message.MessageFactory;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The signalling engine of one running {@link SipServer}: JAIN-SIP's listener, the registrar, the
 * INVITE admission rules and the table of live call legs.
 *
 * <p>Design: one writer. JAIN-SIP delivers events on its own threads; each listener method only
 * enqueues the event on {@link #loop}, a single-threaded scheduled executor that owns every piece
 * of SIP state (legs, bindings, nonce counts) and also runs the timers (registration expiry, ring
 * timeouts). Public API calls ({@code answer}, {@code dial}, ...) enqueue too. Nothing here blocks:
 * sends over UDP return at once. User code (listeners, stage dependents) runs on {@link #callbacks}
 * so a slow listener cannot stall signalling; its order is the order of the events. Admission of an
 * INVITE is a constant number of map lookups plus one digest check.
 */
final class SignallingCore implements SipListenerExt {
  private static final Logger log = LoggerFactory.getLogger(SignallingCore.class);
  private static final List<String> ALLOWED = List.of(Request.INVITE, Request.ACK, Request.CANCEL,
      Request.BYE, Request.OPTIONS, Request.REGISTER, Request.INFO);

  /** Edits a response before it is sent. */
  @FunctionalInterface
  interface ResponseEditor {
    void edit(Response response) throws ParseException, InvalidArgumentException;
  }

  final SipConfig config;
  final Clock clock;
  final ScheduledExecutorService loop;
  final ExecutorService callbacks;
  final AddressFactory addresses = new AddressFactoryImpl();
  final HeaderFactory headers = new HeaderFactoryImpl();
  final MessageFactory messages = new MessageFactoryImpl();
  final DigestAuth auth;
  final SourceThrottle throttle;
  final Registrar registrar;
  private final IncomingCallListener incomingListener;
  private final List<TrunkRule> trunks;
  private final SecureRandom random = new SecureRandom();
  private final Map<String, Leg> legs = new HashMap<>();
  private int inboundCalls;
  private volatile SipProvider provider;

  private record TrunkRule(Trunk trunk, List<AddressRange> sources) {}

  /** Where an outbound INVITE goes: its Request-URI and its To. */
  record Route(Address target, Address to) {}

  SignallingCore(
      SipConfig config,
      String name,
      Clock clock,
      RegistrationListener registrationListener,
      IncomingCallListener incomingListener) {
    this.config = config;
    this.clock = clock;
    ScheduledThreadPoolExecutor scheduler =
        new ScheduledThreadPoolExecutor(1, daemon("sip-signalling-" + name));
    scheduler.setRemoveOnCancelPolicy(true);
    scheduler.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    this.loop = scheduler;
    this.callbacks = Executors.newSingleThreadExecutor(daemon("sip-callbacks-" + name));
    this.auth = new DigestAuth(config.realm(), config.nonceLifetime(), clock);
    this.throttle = new SourceThrottle(config.authFailures(), clock);
    this.registrar = new Registrar(this, registrationListener);
    this.incomingListener = incomingListener;
    List<TrunkRule> rules = new ArrayList<>();
    for (Trunk trunk : config.trunks()) {
      rules.add(new TrunkRule(trunk, trunk.sources().stream().map(AddressRange::parse).toList()));
    }
    this.trunks = List.copyOf(rules);
  }

  /** Called once, before the provider delivers events. */
  void attach(SipProvider sipProvider) {
    this.provider = sipProvider;
  }

  SipProvider provider() {
    return provider;
  }

  // ---- threads --------------------------------------------------------------------------------

  private static ThreadFactory daemon(String name) {
    return runnable -> {
      Thread thread = new Thread(runnable, name);
      thread.setDaemon(true);
      return thread;
    };
  }

  /** Runs the task on the signalling thread; false if the server is stopping. */
  boolean submit(Runnable task) {
    try {
      loop.execute(() -> guarded(task));
      return true;
    } catch (RejectedExecutionException e) {
      log.debug("signalling stopped; dropped a task");
      return false;
    }
  }

  ScheduledFuture<?> schedule(Runnable task, Duration delay) {
    return loop.schedule(() -> guarded(task), delay.toMillis(), TimeUnit.MILLISECONDS);
  }

  private static void guarded(Runnable task) {
    try {
      task.run();
    } catch (RuntimeException | Error e) {
      log.error("SIP signalling task failed", e);
    }
  }

  /** Runs user code on the callback thread (inline once that has stopped). */
  void deliver(Runnable task) {
    Runnable safe = () -> {
      try {
        task.run();
      } catch (RuntimeException e) {
        log.warn("SIP callback threw", e);
      }
    };
    try {
      callbacks.execute(safe);
    } catch (RejectedExecutionException e) {
      safe.run();
    }
  }

  <T> void complete(CompletableFuture<T> future, T value) {
    deliver(() -> future.complete(value));
  }

  <T> void fail(CompletableFuture<T> future, Throwable error) {
    deliver(() -> future.completeExceptionally(error));
  }

  /** On the signalling thread at stop: ends every live leg and the registrar's timers. */
  void terminateAll() {
    for (Leg leg : List.copyOf(legs.values())) {
      leg.terminate();
    }
    legs.clear();
    registrar.stop();
  }

  // ---- JAIN-SIP listener: hand everything to the loop -------------------------------------------

  @Override
  public void processRequest(RequestEvent event) {
    submit(() -> onRequest(event));
  }

  @Override
  public void processResponse(ResponseEvent event) {
    submit(() -> onResponse(event));
  }

  @Override
  public void processTimeout(TimeoutEvent event) {
    submit(() -> onTimeout(event));
  }

  @Override
  public void processIOException(IOExceptionEvent event) {
    log.debug("SIP transport error towards {}:{}", event.getHost(), event.getPort());
  }

  @Override
  public void processTransactionTerminated(TransactionTerminatedEvent event) {
    // Legs follow requests and responses, not transaction lifetimes.
  }

  @Override
  public void processDialogTerminated(DialogTerminatedEvent event) {
    // Legs end on BYE, CANCEL, failures and dialog timeouts, all handled where they happen.
  }

  @Override
  public void processDialogTimeout(DialogTimeoutEvent event) {
    String callId = event.getDialog().getCallId().getCallId();
    DialogTimeoutEvent.Reason reason = event.getReason();
    submit(() -> {
      Leg leg = legs.get(callId);
      if (leg != null) {
        leg.onDialogTimeout(reason);
      }
    });
  }

  // ---- requests ---------------------------------------------------------------------------------

  private void onRequest(RequestEvent event) {
    Request request = event.getRequest();
    String method = request.getMethod();
    String callId = callId(request);
    if (Request.ACK.equals(method)) {
      // The ACK of a 2xx has no server transaction: match it to the leg by Call-ID.
      Leg leg = legs.get(callId);
      if (leg != null) {
        leg.onAck(request);
      }
      return;
    }
    ServerTransaction st = serverTransaction(event);
    if (st == null) {
      return;
    }
    if (((ToHeader) request.getHeader(ToHeader.NAME)).getTag() != null) {
      onInDialog(st, request, callId);
      return;
    }
    switch (method) {
      case Request.REGISTER ->
          registrar.onRegister(st, request, source(event, request).getAddress());
      case Request.INVITE -> onInitialInvite(event, st, request, callId);
      case Request.CANCEL -> {
        Leg leg = legs.get(callId);
        if (leg instanceof InboundLeg inbound) {
          inbound.onCancel(st);
        } else {
          respond(st, Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST, null, null);
        }
      }
      case Request.OPTIONS -> respond(st, Response.OK, null, this::describeCapabilities);
      case Request.BYE -> respond(st, Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST, null, null);
      default -> respond(st, Response.METHOD_NOT_ALLOWED, null, this::describeCapabilities);
    }
  }

  private void onInDialog(ServerTransaction st, Request request, String callId) {
    Leg leg = legs.get(callId);
    if (leg == null) {
      respond(st, Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST, null, null);
      return;
    }
    switch (request.getMethod()) {
      case Request.BYE -> leg.onBye(st);
      case Request.INVITE -> leg.onReinvite(st, request);
      case Request.INFO -> {
        respond(st, Response.OK, null, null);
        leg.onInfo(request);
      }
      case Request.OPTIONS -> respond(st, Response.OK, null, null);
      default -> respond(st, Response.METHOD_NOT_ALLOWED, null, this::describeCapabilities);
    }
  }

  /**
   * Admission: a trunk (source address and dialled number) or a digest-authenticated account.
   * Without credentials, only a From user that is an account is challenged; anything else is 403.
   */
  private void onInitialInvite(
      RequestEvent event, ServerTransaction st, Request request, String callId) {
    if (legs.containsKey(callId)) {
      respond(st, Response.LOOP_DETECTED, null, null);
      return;
    }
    if (request.getHeader(RequireHeader.NAME) != null) {
      respond(st, Response.BAD_EXTENSION, null, r -> r.addHeader(headers.createUnsupportedHeader(
          ((RequireHeader) request.getHeader(RequireHeader.NAME)).getOptionTag())));
      return;
    }
    InetSocketAddress source = source(event, request);
    String number = request.getRequestURI() instanceof SipURI uri ? uri.getUser() : null;
    Optional<Trunk> trunk = trunkFor(source.getAddress(), number);
    String account = null;
    if (trunk.isEmpty()) {
      if (throttle.isBlocked(source.getAddress())) {
        refuseBlocked(st);
        return;
      }
      DigestAuth.Credentials credentials = credentials(request);
      String fromUser = userOf(((FromHeader) request.getHeader(FromHeader.NAME)).getAddress());
      if (credentials == null) {
        if (fromUser != null && config.accounts().password(fromUser).isPresent()) {
          challenge(st);
        } else {
          log.info("INVITE {} from {} to '{}' refused: no trunk matches and no account", callId,
              source, number);
          refuse(st, source, "INVITE without a trunk or an account");
        }
        return;
      }
      if (!Objects.equals(fromUser, credentials.username())) {
        log.info("INVITE {} from {} refused: authenticates as '{}' but the From user is '{}'",
            callId, source, credentials.username(), fromUser);
        refuse(st, source, "INVITE with a From user other than its account");
        return;
      }
      DigestAuth.Verdict verdict = verify(credentials, request);
      if (verdict == DigestAuth.Verdict.STALE) {
        challengeStale(st);
        return;
      }
      if (verdict != DigestAuth.Verdict.OK) {
        log.info("INVITE {} from {} refused: digest for '{}' failed", callId, source,
            credentials.username());
        refuse(st, source, "INVITE digest for '" + credentials.username() + "'");
        return;
      }
      account = credentials.username();
    }
    if (number == null || number.isEmpty()) {
      respond(st, Response.NOT_FOUND, null, null);
      return;
    }
    if (inboundCalls >= config.maxCalls()) {
      log.warn("INVITE {} refused: {} calls in progress (maxCalls)", callId, inboundCalls);
      respond(st, Response.SERVICE_UNAVAILABLE, null,
          r -> r.addHeader(headers.createRetryAfterHeader(5)));
      return;
    }
    String offer = body(request);
    if (!offer.isEmpty() && !config.offerCheck().test(offer)) {
      respond(st, Response.NOT_ACCEPTABLE_HERE, null, null);
      return;
    }
    String caller = userOf(((FromHeader) request.getHeader(FromHeader.NAME)).getAddress());
    InboundLeg leg = new InboundLeg(this, st, callId, caller == null ? "anonymous" : caller,
        number, account, trunk.map(Trunk::name).orElse(null), source, offer);
    legs.put(callId, leg);
    inboundCalls++;
    respond(st, Response.TRYING, null, null);
    leg.admitted();
    deliver(() -> {
      try {
        incomingListener.incomingCall(leg);
      } catch (RuntimeException e) {
        log.warn("incoming call listener threw; rejecting {} with 500", callId, e);
        leg.reject(Response.SERVER_INTERNAL_ERROR);
      }
    });
  }

  private Optional<Trunk> trunkFor(InetAddress source, String number) {
    if (number == null || source == null) {
      return Optional.empty();
    }
    for (TrunkRule rule : trunks) {
      if (rule.trunk().numbers().contains(number)
          && rule.sources().stream().anyMatch(range -> range.contains(source))) {
        return Optional.of(rule.trunk());
      }
    }
    return Optional.empty();
  }

  /**
   * Checks digest credentials against the request they came with: the account's password, the
   * method, and the digest {@code uri}, which must be the Request-URI (RFC 2617 §3.2.2.5: else a
   * header captured from one request could authenticate another).
   */
  DigestAuth.Verdict verify(DigestAuth.Credentials credentials, Request request) {
    Optional<String> password = config.accounts().password(credentials.username());
    if (password.isEmpty()) {
      return DigestAuth.Verdict.FAILED;
    }
    if (!sameUri(credentials.uri(), request.getRequestURI())) {
      log.info("digest of '{}' refused: its uri '{}' is not the Request-URI {}",
          credentials.username(), credentials.uri(), request.getRequestURI());
      return DigestAuth.Verdict.FAILED;
    }
    if (credentials.qop() == null) {
      log.info("digest of '{}' refused: without qop=auth (the RFC 2069 form can be replayed)",
          credentials.username());
      return DigestAuth.Verdict.FAILED;
    }
    return auth.verify(credentials, request.getMethod(), password.get());
  }

  private boolean sameUri(String digestUri, URI requestUri) {
    if (digestUri == null) {
      return false;
    }
    try {
      return addresses.createURI(digestUri).equals(requestUri);
    } catch (ParseException e) {
      return false;
    }
  }

  /** 403 to a failed authentication, counted against the source by the throttle. */
  void refuse(ServerTransaction st, InetSocketAddress source, String what) {
    refuse(st, source == null ? null : source.getAddress(), what);
  }

  void refuse(ServerTransaction st, InetAddress source, String what) {
    throttle.failed(source, what);
    respond(st, Response.FORBIDDEN, null, null);
  }

  /** 403 to a source the throttle refuses for now (logged once, when its block started). */
  void refuseBlocked(ServerTransaction st) {
    respond(st, Response.FORBIDDEN, null,
        r -> r.setReasonPhrase("Forbidden (too many failed authentications)"));
  }

  void challenge(ServerTransaction st) {
    respond(st, Response.UNAUTHORIZED, null,
        r -> r.addHeader(headers.createHeader("WWW-Authenticate", auth.challenge(false))));
  }

  void challengeStale(ServerTransaction st) {
    respond(st, Response.UNAUTHORIZED, null,
        r -> r.addHeader(headers.createHeader("WWW-Authenticate", auth.challenge(true))));
  }

  /** The digest credentials for our realm, or null when the request carries none. */
  DigestAuth.Credentials credentials(Request request) {
    AuthorizationHeader chosen = null;
    for (ListIterator<?> it = request.getHeaders(AuthorizationHeader.NAME); it.hasNext(); ) {
      AuthorizationHeader header = (AuthorizationHeader) it.next();
      if (chosen == null || config.realm().equals(header.getParameter("realm"))) {
        chosen = header;
      }
    }
    if (chosen == null || !"Digest".equalsIgnoreCase(chosen.getScheme())) {
      return null;
    }
    return new DigestAuth.Credentials(
        chosen.getParameter("username"),
        chosen.getParameter("realm"),
        chosen.getParameter("nonce"),
        chosen.getParameter("uri"),
        chosen.getParameter("response"),
        chosen.getParameter("algorithm"),
        chosen.getParameter("cnonce"),
        chosen.getParameter("nc"),
        chosen.getParameter("qop"),
        chosen.getParameter("opaque"));
  }

  private void describeCapabilities(Response response) throws ParseException {
    addAllow(response);
    response.addHeader(headers.createAcceptHeader("application", "sdp"));
  }

  // ---- responses, timeouts ----------------------------------------------------------------------

  private void onResponse(ResponseEvent event) {
    Response response = event.getResponse();
    Leg leg = legs.get(callId(response));
    if (leg != null) {
      leg.onResponse(event);
    }
  }

  private void onTimeout(TimeoutEvent event) {
    if (event.isServerTransaction()) {
      return;
    }
    ClientTransaction ct = event.getClientTransaction();
    Leg leg = legs.get(callId(ct.getRequest()));
    if (leg != null) {
      leg.onClientTimeout(ct.getRequest().getMethod());
    }
  }

  // ---- outbound ---------------------------------------------------------------------------------

  /** The Dialer: validates on the caller's thread, sends from the signalling thread. */
  OutboundCall dial(AgentEndpoint target, String callerId, String sdpOffer, Duration ringTimeout) {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(sdpOffer, "sdpOffer");
    if (!SipConfig.isSipUser(callerId)) {
      throw new IllegalArgumentException(
          "callerId must be a SIP URI user part (SipConfig.isSipUser), was " + callerId);
    }
    if (ringTimeout == null || ringTimeout.isNegative() || ringTimeout.isZero()) {
      throw new IllegalArgumentException("ringTimeout must be > 0, was " + ringTimeout);
    }
    OutboundLeg leg = new OutboundLeg(this, newCallId(), target, callerId, sdpOffer, ringTimeout);
    if (!submit(leg::start)) {
      leg.abandon();
    }
    return leg;
  }

  /** Where an outbound leg goes: Request-URI and To, or empty when unreachable. */
  Optional<Route> route(AgentEndpoint target) throws ParseException {
    if (target instanceof AgentEndpoint.SipAccount account) {
      Optional<SipBinding> binding = registrar.newestBinding(account.username());
      if (binding.isEmpty()) {
        return Optional.empty();
      }
      Address contact = addresses.createAddress(binding.get().contact());
      SipURI aor = addresses.createSipURI(account.username(), config.bindAddress());
      return Optional.of(new Route(contact, addresses.createAddress(aor)));
    }
    AgentEndpoint.ExternalNumber number = (AgentEndpoint.ExternalNumber) target;
    if (config.gatewayUri() == null) {
      return Optional.empty();
    }
    SipURI uri = (SipURI) addresses.createURI(config.gatewayUri());
    uri.setUser(number.e164());
    return Optional.of(
        new Route(addresses.createAddress(uri), addresses.createAddress((URI) uri.clone())));
  }

  Request newInvite(String callId, Address requestTarget, Address to, String callerId, String sdp)
      throws ParseException, InvalidArgumentException {
    SipURI fromUri = addresses.createSipURI(callerId, config.bindAddress());
    FromHeader from = headers.createFromHeader(addresses.createAddress(fromUri), newTag());
    ToHeader toHeader = headers.createToHeader(to, null);
    ViaHeader via = headers.createViaHeader(config.bindAddress(), config.port(), "udp", null);
    CallIdHeader callIdHeader = headers.createCallIdHeader(callId);
    CSeqHeader cseq = headers.createCSeqHeader(1L, Request.INVITE);
    MaxForwardsHeader maxForwards = headers.createMaxForwardsHeader(70);
    ContentTypeHeader type = headers.createContentTypeHeader("application", "sdp");
    Request request = messages.createRequest(requestTarget.getURI(), Request.INVITE, callIdHeader,
        cseq, from, toHeader, List.of(via), maxForwards, type,
        sdp.getBytes(StandardCharsets.UTF_8));
    request.addHeader(contact());
    addAllow(request);
    return request;
  }

  // ---- legs ------------------------------------------------------------------------------------

  void track(Leg leg) {
    legs.put(leg.callId, leg);
  }

  void forget(Leg leg) {
    if (legs.remove(leg.callId, leg) && leg instanceof InboundLeg) {
      inboundCalls--;
    }
  }

  /** Diagnostics: the live legs by direction (signalling thread only). */
  LegCounts legCounts() {
    int inbound = (int) legs.values().stream().filter(InboundLeg.class::isInstance).count();
    return new LegCounts(inbound, legs.size() - inbound);
  }

  // ---- helpers ----------------------------------------------------------------------------------

  ServerTransaction serverTransaction(RequestEvent event) {
    ServerTransaction st = event.getServerTransaction();
    if (st != null) {
      return st;
    }
    try {
      return provider.getNewServerTransaction(event.getRequest());
    } catch (TransactionAlreadyExistsException e) {
      return null; // a retransmission that overtook our handling of the first copy
    } catch (TransactionUnavailableException e) {
      log.warn("no server transaction for {}: {}", event.getRequest().getMethod(), e.getMessage());
      return null;
    }
  }

  /** Sends a response; statuses above 100 get {@code toTag} (or a new tag) if the To has none. */
  void respond(ServerTransaction st, int status, String toTag, ResponseEditor editor) {
    try {
      Response response = messages.createResponse(status, st.getRequest());
      if (status > Response.TRYING) {
        ToHeader to = (ToHeader) response.getHeader(ToHeader.NAME);
        if (to.getTag() == null) {
          to.setTag(toTag == null ? newTag() : toTag);
        }
      }
      if (editor != null) {
        editor.edit(response);
      }
      st.sendResponse(response);
    } catch (ParseException | InvalidArgumentException | SipException | RuntimeException e) {
      log.warn("could not send {} to {}: {}", status, st.getRequest().getMethod(), e.toString());
    }
  }

  private void addAllow(Message message) throws ParseException {
    for (String method : ALLOWED) {
      message.addHeader(headers.createAllowHeader(method));
    }
  }

  ContactHeader contact() throws ParseException {
    SipURI uri = addresses.createSipURI("callqueue", config.bindAddress());
    uri.setPort(config.port());
    uri.setTransportParam("udp");
    return headers.createContactHeader(addresses.createAddress(uri));
  }

  String newTag() {
    byte[] bytes = new byte[6];
    random.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  /** A new Via branch (RFC 3261 magic cookie, then random hex). */
  String newBranch() {
    return "z9hG4bK" + newTag() + newTag();
  }

  /** A Call-ID that is a plain token (no '@'), usable by peers as a tag. */
  String newCallId() {
    byte[] bytes = new byte[16];
    random.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  static String callId(Message message) {
    return ((CallIdHeader) message.getHeader(CallIdHeader.NAME)).getCallId();
  }

  static String body(Message message) {
    byte[] raw = message.getRawContent();
    return raw == null ? "" : new String(raw, StandardCharsets.UTF_8);
  }

  static String userOf(Address address) {
    return address != null && address.getURI() instanceof SipURI uri ? uri.getUser() : null;
  }

  private static InetSocketAddress source(RequestEvent event, Request request) {
    String host;
    int port;
    if (event instanceof RequestEventExt ext && ext.getRemoteIpAddress() != null) {
      host = ext.getRemoteIpAddress();
      port = ext.getRemotePort();
    } else {
      ViaHeader via = (ViaHeader) request.getHeader(ViaHeader.NAME);
      host = via.getReceived() != null ? via.getReceived() : via.getHost();
      port = via.getPort();
    }
    try {
      // Literal addresses only (from the socket or Via received): no DNS lookup happens here.
      return new InetSocketAddress(InetAddress.getByName(host), Math.max(port, 0));
    } catch (UnknownHostException e) {
      return InetSocketAddress.createUnresolved(host, Math.max(port, 0));
    }
  }
}
