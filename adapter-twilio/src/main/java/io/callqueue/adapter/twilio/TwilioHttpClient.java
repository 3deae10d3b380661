package io.callqueue.adapter.twilio;

import com.twilio.http.HttpClient;
import com.twilio.http.HttpMethod;
import com.twilio.http.Request;
import com.twilio.http.Response;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SDK's HTTP transport, on the JDK's HTTP client. It differs from the SDK's default in what it
 * retries: the default retries any 5xx three times, which can ring an agent twice when a
 * {@code POST Calls.json} failed after Twilio had placed the call. This one retries a 5xx only for
 * {@code GET} (never a POST), and answers HTTP 429 (error 20429, which the SDK does not retry) with
 * an exponential back-off. Requests go to the configured API base ({@code https://api.twilio.com}
 * in production, a stand-in in tests).
 */
final class TwilioHttpClient extends HttpClient {
  private static final Logger log = LoggerFactory.getLogger(TwilioHttpClient.class);
  private static final int MAX_429_RETRIES = 3;
  private static final int MAX_GET_RETRIES = 2;
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final java.net.http.HttpClient http;
  private final URI apiBase;
  private final Duration backoff;

  TwilioHttpClient(URI apiBase, Duration backoff) {
    this.apiBase = apiBase;
    this.backoff = backoff;
    this.http = java.net.http.HttpClient.newBuilder().connectTimeout(TIMEOUT)
        .followRedirects(java.net.http.HttpClient.Redirect.NEVER).build();
  }

  @Override
  public Response reliableRequest(Request request) {
    int tooMany = 0;
    int serverErrors = 0;
    while (true) {
      Response response = makeRequest(request);
      int status = response.getStatusCode();
      if (status == 429 && tooMany < MAX_429_RETRIES) {
        long wait = backoff.toMillis() << tooMany;
        tooMany++;
        log.warn("Twilio answered 429 (too many requests) to {} {}; retrying in {} ms",
            request.getMethod(), path(request), wait);
        pause(wait);
      } else if (status >= 500 && request.getMethod() == HttpMethod.GET
          && serverErrors < MAX_GET_RETRIES) {
        serverErrors++;
        pause(100);
      } else {
        if (status >= 500) {
          log.warn("Twilio answered {} to {} {}; not retried (a POST may have taken effect)",
              status, request.getMethod(), path(request));
        }
        return response;
      }
    }
  }

  @Override
  public Response makeRequest(Request request) {
    URL url = request.constructURL();
    URI target = apiBase.resolve(url.getFile());
    HttpRequest.Builder b = HttpRequest.newBuilder(target).timeout(TIMEOUT)
        .header("Accept", "application/json")
        .header("User-Agent", "callqueue-adapter-twilio");
    if (request.requiresAuthentication()) {
      String pair = request.getUsername() + ":" + request.getPassword();
      b.header("Authorization", "Basic "
          + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
    }
    for (Map.Entry<String, List<String>> h : request.getHeaderParams().entrySet()) {
      for (String v : h.getValue()) {
        b.header(h.getKey(), v);
      }
    }
    HttpMethod method = request.getMethod();
    if (method == HttpMethod.POST) {
      b.header("Content-Type", "application/x-www-form-urlencoded");
      b.POST(HttpRequest.BodyPublishers.ofString(request.encodeFormBody(),
          StandardCharsets.UTF_8));
    } else if (method == HttpMethod.DELETE) {
      b.DELETE();
    } else {
      b.GET();
    }
    try {
      HttpResponse<String> r = http.send(b.build(),
          HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      return new Response(r.body(), r.statusCode());
    } catch (IOException e) {
      throw new com.twilio.exception.ApiConnectionException(
          "cannot reach Twilio at " + apiBase + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new com.twilio.exception.ApiConnectionException("interrupted calling Twilio", e);
    }
  }

  private static String path(Request request) {
    return request.constructURL().getPath();
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
