package swarm.cli.service;

import com.fasterxml.jackson.databind.JsonNode;
import swarm.core.json.Json;
import swarm.core.spec.ServiceSpec;

/** A service spec as the body the API takes, in Docker's shape. */
final class ServiceJson {
  private ServiceJson() {}

  static JsonNode of(ServiceSpec spec) {
    return Json.MAPPER.valueToTree(spec);
  }
}
