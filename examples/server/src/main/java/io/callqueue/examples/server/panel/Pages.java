package io.callqueue.examples.server.panel;

import static io.callqueue.examples.server.panel.Html.esc;
import static io.callqueue.examples.server.panel.Html.seg;

import com.fasterxml.jackson.databind.JsonNode;
import io.callqueue.api.AgentConfig;
import io.callqueue.api.AgentEndpoint;
import io.callqueue.api.AgentId;
import io.callqueue.api.EngineSnapshot;
import io.callqueue.api.Membership;
import io.callqueue.api.QueueConfig;
import io.callqueue.api.QueueId;
import io.callqueue.core.announce.PromptCatalog;
import io.callqueue.examples.server.panel.Sessions.Role;
import io.callqueue.examples.server.panel.Sessions.Session;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The panel's pages, rendered on the server: one shell (navigation, language switch, sign-out)
 * around each page's body. Every value from outside this class is escaped with {@link Html#esc};
 * every form that changes something carries the session's CSRF token.
 */
final class Pages {
  private Pages() {}

  /** The shell: title, navigation (the wallboard's pages too), language switch, messages. */
  static String layout(Messages m, Session s, String path, String title, List<String> errors,
      String notice, String body) {
    return layout(m, s, path, title, errors, notice, body, List.of(), List.of());
  }

  /**
   * The shell with a page's own style sheets (after the panel's) and scripts (after the
   * panel's), all served by this server: the board's pages are drawn in it too.
   */
  static String layout(Messages m, Session s, String path, String title, List<String> errors,
      String notice, String body, List<String> styles, List<String> scripts) {
    StringBuilder h = new StringBuilder(4096 + body.length());
    h.append("<!DOCTYPE html>\n<html lang=\"").append(m.language()).append("\"><head>")
        .append("<meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\">")
        .append("<title>").append(esc(title)).append(" · callqueue</title>")
        .append("<link rel=\"stylesheet\" href=\"/panel/assets/panel.css\">");
    styles.forEach(css -> h.append("<link rel=\"stylesheet\" href=\"").append(esc(css))
        .append("\">"));
    if (s != null) {
      h.append("<meta name=\"csrf-token\" content=\"").append(esc(s.csrf())).append("\">");
    }
    h.append("</head><body><header><span class=\"brand\">callqueue</span><nav>");
    if (s != null && s.role() == Role.ADMIN) {
      link(h, "/panel/queues", m.t("nav.queues"), path);
      link(h, "/panel/agents", m.t("nav.agents"), path);
      link(h, "/panel/wallboard", m.t("nav.wallboard"), path);
      link(h, "/panel/stats", m.t("nav.stats"), path);
      link(h, "/panel/calls", m.t("nav.calls"), path);
      link(h, "/panel/messages", m.t("nav.messages"), path);
      link(h, "/panel/password", m.t("nav.password"), path);
    }
    if (s != null) {
      link(h, "/panel/agent", m.t("nav.agent"), path);
    }
    h.append("</nav><span class=\"tools\">");
    for (String lang : Messages.LANGUAGES) {
      h.append("<a class=\"lang").append(lang.equals(m.language()) ? " current" : "")
          .append("\" id=\"lang-").append(lang).append("\" href=\"/panel/lang/").append(lang)
          .append("?back=").append(seg(path)).append("\">").append(lang.toUpperCase())
          .append("</a> ");
    }
    if (s != null) {
      h.append("<span class=\"who\">").append(esc(s.user())).append("</span>")
          .append("<form method=\"post\" action=\"/panel/logout\" class=\"inline\">")
          .append(csrf(s)).append("<button id=\"sign-out\">").append(esc(m.t("nav.signOut")))
          .append("</button></form>");
    }
    h.append("</span></header><main><h1>").append(esc(title)).append("</h1>");
    if (notice != null) {
      h.append("<p class=\"notice\" id=\"notice\">").append(esc(notice)).append("</p>");
    }
    if (errors != null && !errors.isEmpty()) {
      h.append("<div class=\"errors\" id=\"errors\"><p>").append(esc(m.t("errors.title")))
          .append("</p><ul>");
      errors.forEach(e -> h.append("<li>").append(esc(e)).append("</li>"));
      h.append("</ul></div>");
    }
    h.append(body).append("</main><script src=\"/panel/assets/panel.js\"></script>");
    scripts.forEach(js -> h.append("<script src=\"").append(esc(js)).append("\"></script>"));
    h.append("</body></html>\n");
    return h.toString();
  }

  private static void link(StringBuilder h, String href, String text, String path) {
    h.append("<a href=\"").append(href).append("\"")
        .append(path.equals(href) || path.startsWith(href + "/") ? " class=\"current\"" : "")
        .append(">").append(esc(text))
        .append("</a>");
  }

  static String csrf(Session s) {
    return "<input type=\"hidden\" name=\"_csrf\" value=\"" + esc(s.csrf()) + "\">";
  }

  static String login(Messages m, String loginToken, String user, List<String> errors) {
    String body = "<form method=\"post\" action=\"/panel/login\" class=\"card\" id=\"login\">"
        + "<input type=\"hidden\" name=\"_login\" value=\"" + esc(loginToken) + "\">"
        + "<label>" + esc(m.t("login.user")) + "<input name=\"user\" id=\"user\" value=\""
        + esc(user) + "\" autocomplete=\"username\" required autofocus></label>"
        + "<label>" + esc(m.t("login.password")) + "<input type=\"password\" name=\"password\""
        + " id=\"password\" autocomplete=\"current-password\" required></label>"
        + "<button id=\"sign-in\">" + esc(m.t("login.submit")) + "</button>"
        + "<p class=\"hint\">" + esc(m.t("login.hint")) + "</p></form>";
    return layout(m, null, "/panel/login", m.t("login.title"), errors, null, body);
  }

  /** The administrator's password change (every administrator session ends after it). */
  static String password(Messages m, Session s, List<String> errors, String notice) {
    String body = "<form method=\"post\" action=\"/panel/password\" class=\"card\""
        + " id=\"change-password\">" + csrf(s)
        + "<label>" + esc(m.t("password.current")) + "<input type=\"password\" name=\"current\""
        + " autocomplete=\"current-password\" required></label>"
        + "<label>" + esc(m.t("password.new")) + "<input type=\"password\" name=\"new\""
        + " autocomplete=\"new-password\" minlength=\"" + PanelState.MIN_ADMIN_PASSWORD
        + "\" required></label>"
        + "<label>" + esc(m.t("password.repeat")) + "<input type=\"password\" name=\"repeat\""
        + " autocomplete=\"new-password\" required></label>"
        + "<small>" + esc(m.t("password.hint", PanelState.MIN_ADMIN_PASSWORD)) + "</small>"
        + "<button>" + esc(m.t("password.submit")) + "</button></form>";
    return layout(m, s, "/panel/password", m.t("nav.password"), errors, notice, body);
  }

  // ---- queues -------------------------------------------------------------------------------

  static String queues(Messages m, Session s, List<QueueConfig> queues, EngineSnapshot snap,
      List<Membership> memberships, JsonNode form, List<String> errors, String notice) {
    StringBuilder b = new StringBuilder();
    b.append("<table id=\"queues\"><thead><tr><th>").append(esc(m.t("queue.name")))
        .append("</th><th>strategy</th><th>weight</th><th>").append(esc(m.t("queue.members")))
        .append("</th><th>").append(esc(m.t("queue.waiting"))).append("</th></tr></thead><tbody>");
    for (QueueConfig q : queues) {
      EngineSnapshot.QueueSnapshot qs = snap.queues().get(q.id());
      long members = memberships.stream().filter(x -> x.queue().equals(q.id())).count();
      b.append("<tr><td><a href=\"/panel/queues/").append(seg(q.id().value())).append("\">")
          .append(esc(q.id().value())).append("</a></td><td>").append(esc(q.strategy()))
          .append("</td><td>").append(q.weight()).append("</td><td>").append(members)
          .append("</td><td>").append(qs == null ? 0 : qs.waiting().size()).append("</td></tr>");
    }
    b.append("</tbody></table><h2>").append(esc(m.t("queue.new"))).append("</h2>")
        .append("<form method=\"post\" action=\"/panel/queues\" id=\"new-queue\" class=\"card\">")
        .append(csrf(s)).append("<label>").append(esc(m.t("queue.name")))
        .append("<input name=\"name\" id=\"queue-name\" value=\"")
        .append(esc(form == null ? "" : form.path("name").asText("")))
        .append("\" required></label>");
    settings(b, m, form);
    b.append("<button id=\"create-queue\">").append(esc(m.t("queue.create")))
        .append("</button></form>");
    return layout(m, s, "/panel/queues", m.t("nav.queues"), errors, notice, b.toString());
  }

  /** Every setting as a labelled input; empty means the default (shown as a placeholder). */
  private static void settings(StringBuilder b, Messages m, JsonNode node) {
    b.append("<fieldset class=\"settings\"><legend>").append(esc(m.t("queue.settings")))
        .append("</legend>");
    for (QueueForm.Field f : QueueForm.FIELDS) {
      String value = node == null ? "" : QueueForm.value(node, f);
      b.append("<label title=\"").append(esc(m.t("field." + f.name()))).append("\"><span>")
          .append(esc(f.name())).append("</span>");
      switch (f.kind()) {
        case BOOL -> {
          b.append("<select name=\"").append(f.name()).append("\"><option value=\"\">")
              .append(esc(m.t("queue.default"))).append("</option>");
          for (String o : List.of("true", "false")) {
            b.append("<option").append(o.equals(value) ? " selected" : "").append(">").append(o)
                .append("</option>");
          }
          b.append("</select>");
        }
        case CHOICE -> {
          b.append("<select name=\"").append(f.name()).append("\"><option value=\"\">")
              .append(esc(m.t("queue.default"))).append("</option>");
          for (String o : f.choices()) {
            b.append("<option").append(o.equalsIgnoreCase(value) ? " selected" : "").append(">")
                .append(esc(o)).append("</option>");
          }
          b.append("</select>");
        }
        default -> b.append("<input name=\"").append(f.name()).append("\" value=\"")
            .append(esc(value)).append("\" placeholder=\"")
            .append(esc(m.t("placeholder." + f.kind().name()))).append("\">");
      }
      b.append("<small>").append(esc(m.t("field." + f.name()))).append("</small></label>");
    }
    b.append("</fieldset>");
  }

  static String queue(Messages m, Session s, QueueConfig q, JsonNode node,
      List<AgentConfig> agents, EngineSnapshot snap, List<String> errors, String notice) {
    String name = q.id().value();
    String base = "/panel/queues/" + seg(name);
    StringBuilder b = new StringBuilder();
    b.append("<form method=\"post\" action=\"").append(base).append("\" id=\"queue-settings\"")
        .append(" class=\"card\">").append(csrf(s));
    settings(b, m, node);
    b.append("<button id=\"save-queue\">").append(esc(m.t("queue.save")))
        .append("</button></form>");
    b.append("<form method=\"post\" action=\"").append(base).append("/delete\"")
        .append(" class=\"inline confirm\" data-confirm=\"")
        .append(esc(m.t("queue.deleteConfirm", name))).append("\">").append(csrf(s))
        .append("<button id=\"delete-queue\">").append(esc(m.t("queue.delete")))
        .append("</button></form>");

    b.append("<h2>").append(esc(m.t("queue.members")))
        .append("</h2><table id=\"members\"><thead>")
        .append("<tr><th>").append(esc(m.t("agent.id"))).append("</th><th>priority</th><th>")
        .append(esc(m.t("agent.state"))).append("</th><th></th></tr></thead><tbody>");
    EngineSnapshot.QueueSnapshot qs = snap.queues().get(q.id());
    for (JsonNode member : node.path("members")) {
      String agent = member.path("agent").asText();
      String state = qs == null ? "" : qs.members().stream()
          .filter(x -> x.agent().value().equals(agent)).map(x -> x.state().name()).findFirst()
          .orElse("");
      b.append("<tr><td>").append(esc(agent)).append("</td><td>")
          .append(member.path("priority").asInt())
          .append("</td><td class=\"state\" data-state=\"").append(esc(state)).append("\">")
          .append(esc(state.isEmpty() ? "" : m.t("state." + state)))
          .append("</td><td><form method=\"post\" action=\"").append(base)
          .append("/members/remove\" class=\"inline\">").append(csrf(s))
          .append("<input type=\"hidden\" name=\"agent\" value=\"").append(esc(agent))
          .append("\"><button>").append(esc(m.t("queue.removeMember"))).append("</button></form>")
          .append("</td></tr>");
    }
    b.append("</tbody></table><form method=\"post\" action=\"").append(base)
        .append("/members\" id=\"add-member\" class=\"card\">").append(csrf(s)).append("<label>")
        .append(esc(m.t("agent.id"))).append("<select name=\"agent\" id=\"member-agent\">");
    for (AgentConfig a : agents) {
      b.append("<option>").append(esc(a.id().value())).append("</option>");
    }
    b.append("</select></label><label>priority<input name=\"priority\" value=\"0\"></label>")
        .append("<small>").append(esc(m.t("queue.priorityHint"))).append("</small>")
        .append("<button id=\"save-member\">").append(esc(m.t("queue.saveMember")))
        .append("</button></form>");

    b.append("<h2>").append(esc(m.t("prompt.title"))).append("</h2><table id=\"prompts\">");
    q.promptOverrides().forEach((key, file) -> b.append("<tr><td>").append(esc(key))
        .append("</td><td><audio controls preload=\"none\" src=\"").append(base)
        .append("/prompt?key=").append(seg(key)).append("\"></audio></td><td>")
        .append("<form method=\"post\" action=\"").append(base)
        .append("/prompt/restore\" class=\"inline\">").append(csrf(s))
        .append("<input type=\"hidden\" name=\"key\" value=\"").append(esc(key))
        .append("\"><button>").append(esc(m.t("prompt.restore"))).append("</button></form>")
        .append("</td></tr>"));
    if (q.promptOverrides().isEmpty()) {
      b.append("<tr><td>").append(esc(m.t("prompt.none"))).append("</td></tr>");
    }
    b.append("</table><form method=\"post\" action=\"").append(base)
        .append("/prompt\" enctype=\"multipart/form-data\" id=\"upload-prompt\" class=\"card\">")
        .append(csrf(s)).append("<label>").append(esc(m.t("prompt.key")))
        .append("<select name=\"key\">");
    Map<String, String> catalog = new LinkedHashMap<>(PromptCatalog.overrideOnly());
    catalog.putAll(PromptCatalog.forLanguage(q.language()));
    catalog.forEach((key, text) -> {
      if (!key.contains("/")) {
        b.append("<option value=\"").append(esc(key)).append("\">").append(esc(key))
            .append(" — ").append(esc(text)).append("</option>");
      }
    });
    b.append("</select></label><label>").append(esc(m.t("prompt.file")))
        .append("<input type=\"file\" name=\"file\" accept=\"audio/wav,.wav\" required></label>")
        .append("<small>").append(esc(m.t("prompt.hint"))).append("</small><button>")
        .append(esc(m.t("prompt.upload"))).append("</button></form>");
    return layout(m, s, base, m.t("queue.title", name), errors, notice, b.toString());
  }

  // ---- agents -------------------------------------------------------------------------------

  static String agents(Messages m, Session s, List<AgentConfig> agents, EngineSnapshot snap,
      List<Membership> memberships, JsonNode form, List<String> errors, String notice) {
    StringBuilder b = new StringBuilder();
    b.append("<table id=\"agents\" data-home=\"/panel/agents\"><thead><tr><th>")
        .append(esc(m.t("agent.id")))
        .append("</th><th>").append(esc(m.t("agent.endpoint"))).append("</th><th>autoActivate")
        .append("</th><th>").append(esc(m.t("agent.state"))).append("</th><th>")
        .append(esc(m.t("agent.registered"))).append("</th><th>")
        .append(esc(m.t("nav.queues"))).append("</th><th></th></tr></thead><tbody>");
    for (AgentConfig a : agents) {
      b.append("<tr id=\"agent-").append(esc(a.id().value())).append("\"><td>")
          .append(esc(a.id().value())).append("</td><td>").append(esc(endpoint(a)))
          .append("</td><td>").append(a.autoActivate()).append("</td>");
      state(b, m, snap, a);
      b.append("<td>").append(esc(String.join(", ", memberships.stream()
          .filter(x -> x.agent().equals(a.id())).map(x -> x.queue().value()).toList())))
          .append("</td><td>");
      actions(b, m, s, a.id().value());
      b.append("<form method=\"post\" action=\"/panel/agents/").append(seg(a.id().value()))
          .append("/delete\" class=\"inline confirm\" data-confirm=\"")
          .append(esc(m.t("agent.deleteConfirm", a.id().value()))).append("\">").append(csrf(s))
          .append("<button class=\"delete\">").append(esc(m.t("agent.delete")))
          .append("</button></form>");
      b.append("</td></tr>");
    }
    b.append("</tbody></table><h2>").append(esc(m.t("agent.newOrChange"))).append("</h2>")
        .append("<form method=\"post\" action=\"/panel/agents\" id=\"new-agent\" class=\"card\">")
        .append(csrf(s)).append("<label>").append(esc(m.t("agent.id")))
        .append("<input name=\"id\" id=\"agent-id\" value=\"").append(esc(text(form, "id")))
        .append("\" required></label><label>").append(esc(m.t("agent.sip")))
        .append("<input name=\"sip\" id=\"agent-sip\" value=\"").append(esc(text(form, "sip")))
        .append("\"></label><label>").append(esc(m.t("agent.password")))
        .append("<input type=\"password\" name=\"password\" id=\"agent-password\"")
        .append(" autocomplete=\"new-password\"></label><small>")
        .append(esc(m.t("agent.passwordHint"))).append("</small><label>")
        .append(esc(m.t("agent.number"))).append("<input name=\"number\" id=\"agent-number\"")
        .append(" value=\"").append(esc(text(form, "number"))).append("\"></label><label>")
        .append("autoActivate<select name=\"autoActivate\"><option value=\"\">")
        .append(esc(m.t("queue.default"))).append("</option><option>true</option>")
        .append("<option>false</option></select></label><small>")
        .append(esc(m.t("agent.autoActivateHint"))).append("</small><label>")
        .append("confirmAnswer<select name=\"confirmAnswer\" id=\"agent-confirm\">")
        .append("<option value=\"\">").append(esc(m.t("agent.confirmQueueDefault")))
        .append("</option><option>true</option><option>false</option></select></label><small>")
        .append(esc(m.t("agent.confirmAnswerHint"))).append("</small>")
        .append("<button id=\"save-agent\">").append(esc(m.t("agent.save")))
        .append("</button></form>");
    return layout(m, s, "/panel/agents", m.t("nav.agents"), errors, notice, b.toString());
  }

  private static String text(JsonNode form, String field) {
    return form == null ? "" : form.path(field).asText("");
  }

  private static String endpoint(AgentConfig a) {
    return a.endpoint() instanceof AgentEndpoint.SipAccount sip ? "sip:" + sip.username()
        : a.endpoint() instanceof AgentEndpoint.ExternalNumber n ? n.e164() : "";
  }

  private static void state(StringBuilder b, Messages m, EngineSnapshot snap, AgentConfig a) {
    EngineSnapshot.AgentSnapshot as = snap.agents().get(a.id());
    String state = as == null ? "" : as.state().name();
    b.append("<td class=\"state\" data-state=\"").append(esc(state)).append("\">")
        .append(esc(state.isEmpty() ? "" : m.t("state." + state))).append("</td><td>")
        .append(as != null && as.registered() ? esc(m.t("yes")) : esc(m.t("no"))).append("</td>");
  }

  private static void actions(StringBuilder b, Messages m, Session s, String agent) {
    for (String action : List.of("login", "logout", "pause", "unpause")) {
      b.append("<form method=\"post\" action=\"/panel/agent/").append(seg(agent)).append("/")
          .append(action).append("\" class=\"inline\">").append(csrf(s))
          .append("<button class=\"").append(action).append("\">")
          .append(esc(m.t("action." + action))).append("</button></form>");
    }
  }

  /** The agent's own page: each agent of the signed-in account, its state and queues. */
  static String agentHome(Messages m, Session s, List<AgentConfig> agents, EngineSnapshot snap,
      List<Membership> memberships, List<String> errors, String notice) {
    StringBuilder b = new StringBuilder();
    if (agents.isEmpty()) {
      b.append("<p>").append(esc(m.t("agent.noneForAccount", s.user()))).append("</p>");
    }
    b.append("<table id=\"my-agents\" data-home=\"/panel/agent\"><thead><tr><th>")
        .append(esc(m.t("agent.id")))
        .append("</th><th>").append(esc(m.t("agent.state"))).append("</th><th>")
        .append(esc(m.t("agent.registered"))).append("</th><th>").append(esc(m.t("nav.queues")))
        .append("</th><th></th></tr></thead><tbody>");
    for (AgentConfig a : agents) {
      b.append("<tr id=\"my-agent-").append(esc(a.id().value())).append("\"><td>")
          .append(esc(a.id().value())).append("</td>");
      state(b, m, snap, a);
      b.append("<td><ul>");
      for (Membership x : memberships) {
        if (x.agent().equals(a.id())) {
          EngineSnapshot.QueueSnapshot qs = snap.queues().get(x.queue());
          b.append("<li>").append(esc(x.queue().value())).append(" — ")
              .append(esc(m.t("agent.waitingIn", qs == null ? 0 : qs.waiting().size())))
              .append("</li>");
        }
      }
      b.append("</ul></td><td>");
      actions(b, m, s, a.id().value());
      b.append("</td></tr>");
    }
    b.append("</tbody></table>");
    waiting(b, m, snap, agents.stream().flatMap(a -> memberships.stream()
        .filter(x -> x.agent().equals(a.id())).map(Membership::queue)).distinct().toList());
    return layout(m, s, "/panel/agent", m.t("nav.agent"), errors, notice, b.toString());
  }

  /**
   * The callers waiting in each of an agent's queues (position, number, wait, whom it rings):
   * "their queue" as the agent sees it; the wallboard, with every queue's figures and every
   * agent's, is the administrator's. The page is fetched again every 5 s (panel.js).
   */
  private static void waiting(StringBuilder b, Messages m, EngineSnapshot snap,
      List<QueueId> queues) {
    for (QueueId q : queues) {
      EngineSnapshot.QueueSnapshot qs = snap.queues().get(q);
      List<EngineSnapshot.WaitingCaller> callers = qs == null ? List.of() : qs.waiting();
      b.append("<h2>").append(esc(m.t("agent.waitingTitle", q.value()))).append("</h2>")
          .append("<table class=\"waiting\" id=\"waiting-").append(esc(q.value()))
          .append("\"><thead><tr><th>#</th><th>").append(esc(m.t("agent.caller")))
          .append("</th><th>").append(esc(m.t("agent.wait"))).append("</th><th>")
          .append(esc(m.t("agent.ringing"))).append("</th></tr></thead><tbody>");
      if (callers.isEmpty()) {
        b.append("<tr><td colspan=\"4\">").append(esc(m.t("agent.nobodyWaiting")))
            .append("</td></tr>");
      }
      for (EngineSnapshot.WaitingCaller c : callers) {
        long secs = c.waited().toSeconds();
        b.append("<tr><td class=\"position\">").append(c.position())
            .append("</td><td class=\"caller\">").append(esc(c.callerNumber()))
            .append("</td><td class=\"wait\">").append(secs / 60).append(':')
            .append(String.format("%02d", secs % 60)).append("</td><td class=\"ringing\">")
            .append(esc(String.join(", ", c.ringing().stream().map(AgentId::value).toList())))
            .append("</td></tr>");
      }
      b.append("</tbody></table>");
    }
  }
}
