package io.callqueue.examples.server.panel;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A browser stand-in for the panel's HTTP tests: keeps the cookies it is given (by name, as a
 * browser would for this one host), never follows redirects, and reads the CSRF token from the
 * page's {@code <meta name="csrf-token">}.
 */
final class PanelClient {
  private static final Pattern CSRF = Pattern.compile("name=\"csrf-token\" content=\"([^\"]+)\"");
  private static final Pattern LOGIN = Pattern.compile("name=\"_login\" value=\"([^\"]+)\"");
  private final HttpClient http = HttpClient.newBuilder()
      .followRedirects(HttpClient.Redirect.NEVER).build();
  private final String base;
  final Map<String, String> cookies = new LinkedHashMap<>();
  String csrf;
  String acceptLanguage = "en";

  /** The HTTP client, for answers read as a stream (the wallboard's events). */
  HttpClient httpClient() {
    return http;
  }

  PanelClient(int port) {
    this.base = "http://127.0.0.1:" + port;
  }

  HttpResponse<String> get(String path) throws Exception {
    HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(base + path)).GET());
    Matcher m = CSRF.matcher(r.body());
    if (m.find()) {
      csrf = m.group(1);
    }
    return r;
  }

  /** A form POST; the fields alternate name, value. */
  HttpResponse<String> post(String path, String... fields) throws Exception {
    return send(HttpRequest.newBuilder(URI.create(base + path))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(form(fields))));
  }

  /** A form POST with this session's CSRF token. */
  HttpResponse<String> change(String path, String... fields) throws Exception {
    String[] all = new String[fields.length + 2];
    all[0] = "_csrf";
    all[1] = csrf;
    System.arraycopy(fields, 0, all, 2, fields.length);
    return post(path, all);
  }

  HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
    if (!cookies.isEmpty()) {
      StringBuilder c = new StringBuilder();
      cookies.forEach((k, v) -> c.append(c.length() == 0 ? "" : "; ").append(k).append('=')
          .append(v));
      b.header("Cookie", c.toString());
    }
    b.header("Accept-Language", acceptLanguage);
    HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    for (String set : r.headers().allValues("Set-Cookie")) {
      String pair = set.split(";", 2)[0];
      int eq = pair.indexOf('=');
      String name = pair.substring(0, eq);
      String value = pair.substring(eq + 1);
      if (value.isEmpty() || set.contains("Max-Age=0")) {
        cookies.remove(name);
      } else {
        cookies.put(name, value);
      }
    }
    return r;
  }

  /** Loads the sign-in page and signs in; returns the answer to the POST. */
  HttpResponse<String> signIn(String user, String password) throws Exception {
    HttpResponse<String> page = get("/panel/login");
    Matcher m = LOGIN.matcher(page.body());
    if (!m.find()) {
      throw new AssertionError("no sign-in token on " + page.body());
    }
    HttpResponse<String> r = post("/panel/login", "_login", m.group(1), "user", user,
        "password", password);
    if (r.statusCode() == 303) {
      get(r.headers().firstValue("Location").orElseThrow());
    }
    return r;
  }

  static String form(String... fields) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i + 1 < fields.length; i += 2) {
      b.append(b.length() == 0 ? "" : "&").append(enc(fields[i])).append('=')
          .append(enc(fields[i + 1]));
    }
    return b.toString();
  }

  private static String enc(String s) {
    return URLEncoder.encode(s == null ? "" : s, StandardCharsets.UTF_8);
  }

  static List<String> list(String... s) {
    return List.of(s);
  }
}
