package io.callqueue.examples.server.board;

import io.javalin.http.Context;
import java.util.List;

/**
 * The board's HTML: escaping, and the page shell (head, navigation, scripts) every board page
 * shares. Every text and value written into markup goes through {@link #esc}; data the scripts
 * render is set with {@code textContent}, never as markup.
 */
final class Html {
  /** Where the board's own scripts and styles are served. */
  static final String ASSETS = "/panel/board/assets/";
  /** The uPlot WebJar's version (examples/server/pom.xml). */
  static final String UPLOT = "/panel/board/assets/uplot/";

  /** The board's pages in the navigation: path and text key. */
  private static final String[][] NAV = {
      {"/panel/wallboard", "nav.wallboard"}, {"/panel/stats", "nav.stats"},
      {"/panel/calls", "nav.calls"}, {"/panel/messages", "nav.messages"}};

  private Html() {}

  /** {@code s} safe as HTML text and as a quoted attribute value. */
  static String esc(Object value) {
    String s = value == null ? "" : value.toString();
    StringBuilder out = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  /**
   * Answers with a whole board page.
   *
   * @param active the path of the page, marked in the navigation
   * @param body the page's markup (already escaped)
   * @param scripts script file names under {@link #ASSETS} (or full paths), loaded in order
   * @param data JSON for the scripts, in {@code <script id="board-data" type="application/json">}
   */
  static void page(Context ctx, BoardMessages m, String titleKey, String active, String body,
      List<String> scripts, Object data) throws Exception {
    StringBuilder h = new StringBuilder(4096 + body.length());
    h.append("<!doctype html>\n<html lang=\"").append(esc(m.locale().getLanguage()))
        .append("\"><head><meta charset=\"utf-8\">")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        .append("<title>").append(esc(m.get(titleKey))).append(" · callqueue</title>")
        .append("<link rel=\"stylesheet\" href=\"").append(ASSETS).append("board.css\">")
        .append("<link rel=\"stylesheet\" href=\"").append(UPLOT).append("uPlot.min.css\">")
        .append("</head><body><nav class=\"board-nav\"><span class=\"brand\">callqueue</span>");
    for (String[] link : NAV) {
      h.append("<a href=\"").append(link[0]).append('"')
          .append(link[0].equals(active) ? " class=\"active\"" : "").append('>')
          .append(esc(m.get(link[1]))).append("</a>");
    }
    h.append("</nav><main><h1>").append(esc(m.get(titleKey))).append("</h1>").append(body)
        .append("</main><script id=\"board-data\" type=\"application/json\">")
        .append(WallboardHub.json(data)).append("</script>");
    for (String s : scripts) {
      h.append("<script src=\"").append(s.startsWith("/") ? s : ASSETS + s)
          .append("\"></script>");
    }
    h.append("</body></html>\n");
    secure(ctx);
    ctx.contentType("text/html; charset=utf-8").result(h.toString());
  }

  /** Headers every board answer carries: no inline script, no framing, no sniffing. */
  static void secure(Context ctx) {
    ctx.header("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src"
        + " 'self' 'unsafe-inline'; img-src 'self' data:; media-src 'self'; connect-src 'self';"
        + " frame-ancestors 'none'; base-uri 'none'; form-action 'self'");
    ctx.header("X-Content-Type-Options", "nosniff");
    ctx.header("Referrer-Policy", "same-origin");
    ctx.header("Cache-Control", "no-store");
  }
}
