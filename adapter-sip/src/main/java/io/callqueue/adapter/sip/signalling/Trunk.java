package io.callqueue.adapter.sip.signalling;

import io.callqueue.api.ConfigException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A SIP trunk allowed to deliver calls without authentication: INVITEs whose source address is in
 * {@code sources} and whose Request-URI user is one of {@code numbers} are admitted.
 *
 * @param name a name for logs and {@link IncomingCall#trunk()}
 * @param sources IP addresses or CIDR ranges, e.g. {@code 192.0.2.10} or {@code 198.51.100.0/24}
 * @param numbers the dialled numbers (Request-URI users) this trunk may reach, e.g. {@code 100}
 */
public record Trunk(String name, List<String> sources, Set<String> numbers) {

  public Trunk {
    List<String> problems = new ArrayList<>();
    if (name == null || name.isBlank()) {
      problems.add(
          "trunk: name must not be blank, was " + (name == null ? "null" : "'" + name + "'"));
    }
    String label = "trunk '" + name + "'";
    if (sources == null || sources.isEmpty()) {
      problems.add(label + ": sources must list at least one address or CIDR range");
    } else {
      for (String source : sources) {
        String problem = AddressRange.problem(source);
        if (problem != null) {
          problems.add(label + ": source " + problem);
        }
      }
    }
    if (numbers == null || numbers.isEmpty()) {
      problems.add(label + ": numbers must list at least one dialled number");
    } else if (numbers.stream().anyMatch(n -> n == null || n.isBlank())) {
      problems.add(label + ": numbers must not contain blanks, was " + numbers);
    }
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    sources = List.copyOf(sources);
    numbers = Set.copyOf(numbers);
  }
}
