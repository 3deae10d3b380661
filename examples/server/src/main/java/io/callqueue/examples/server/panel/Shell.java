package io.callqueue.examples.server.panel;

import io.callqueue.examples.server.panel.Sessions.Session;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * The panel's page shell for the other web modules of the server (the board): the same
 * navigation, language switch and sign-out around their pages, the same language choice (the
 * switch's cookie, else {@code Accept-Language}), the same escaping and the same security headers
 * as the panel's own pages.
 */
public final class Shell {
  /**
   * Every page's policy: scripts, styles, media and connections only from this server (no inline
   * script or style), never framed.
   */
  static final String POLICY = "default-src 'self'; script-src 'self'; style-src 'self';"
      + " img-src 'self' data:; media-src 'self'; connect-src 'self'; frame-ancestors 'none';"
      + " base-uri 'none'; form-action 'self'";

  private Shell() {}

  /** {@code value} safe as HTML text and as a quoted attribute value. */
  public static String esc(Object value) {
    return Html.esc(value);
  }

  /** The language of a request's pages ({@code en} or {@code pl}). */
  public static String language(Context ctx) {
    return Panel.messages(ctx).language();
  }

  /**
   * Answers with a static file of the jar (a stylesheet or script of the panel's pages), cached by
   * the browser for five minutes.
   *
   * @param resource the file's absolute class-path name
   * @param type the content type to answer with
   * @return false, having answered nothing, when the jar has no such file
   */
  public static boolean asset(Context ctx, String resource, String type) throws IOException {
    try (InputStream in = Shell.class.getResourceAsStream(resource)) {
      if (in == null) {
        return false;
      }
      ctx.contentType(type).header("Cache-Control", "max-age=300").result(in.readAllBytes());
      return true;
    }
  }

  /**
   * The headers of every answer the panel's pages and their data come with: the policy above, no
   * framing, no type sniffing, no caching, no referrer to other sites.
   */
  public static void secure(Context ctx) {
    ctx.header("Content-Security-Policy", POLICY);
    ctx.header("X-Frame-Options", "DENY");
    ctx.header("X-Content-Type-Options", "nosniff");
    ctx.header("Referrer-Policy", "same-origin");
    ctx.header("Cache-Control", "no-store");
  }

  /**
   * Answers with a page in the panel's shell: the signed-in session's navigation (none when the
   * request has no session), {@code title} as its heading.
   *
   * @param path the page's path, marked in the navigation and the language switch's way back
   * @param body the page's markup, already escaped
   * @param styles style sheets of this server loaded after the panel's
   * @param scripts scripts of this server loaded, in order, after the panel's
   */
  public static void page(Context ctx, String path, String title, String body,
      List<String> styles, List<String> scripts) {
    Session session = ctx.attribute(Panel.SESSION);
    String html = Pages.layout(Panel.messages(ctx), session, path, title, List.of(), null, body,
        styles, scripts);
    secure(ctx);
    ctx.html(html);
  }
}
