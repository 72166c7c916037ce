package swarm.core.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import swarm.core.json.Json;

class ConstraintTest {
  @Test
  void parsesEveryKeyDockerKnowsWithBothOperators() {
    assertThat(Constraint.parse("node.labels.zone==a"))
        .isEqualTo(new Constraint("node.labels.zone", Constraint.Operator.EQ, "a"));
    assertThat(Constraint.parse(" node.role != manager ").toString()).isEqualTo("node.role!=manager");
    assertThat(Constraint.parse("Engine.Labels.Disk==ssd").key()).isEqualTo("engine.labels.Disk");
    for (String ok : List.of("node.id==abc", "node.hostname==h-1", "node.platform.os==linux",
        "node.platform.arch!=arm64", "node.role==worker")) {
      assertThat(Constraint.parse(ok)).isNotNull();
    }
  }

  @Test
  void matchingIsCaseInsensitiveAndAMissingLabelFailsEqualsButPassesNotEquals() {
    Constraint eq = Constraint.parse("node.labels.zone==A");
    Constraint ne = Constraint.parse("node.labels.zone!=a");
    assertThat(eq.matches("a")).isTrue();
    assertThat(eq.matches("b")).isFalse();
    assertThat(eq.matches(null)).isFalse();
    assertThat(ne.matches(null)).isTrue();
    assertThat(ne.matches("A")).isFalse();
  }

  @Test
  void aBadConstraintNamesTheFlagTheExpressionThePositionAndWhatIsAllowed() {
    assertThatThrownBy(() -> Constraint.parse("node.labels.zone=a"))
        .hasMessageStartingWith("invalid constraint 'node.labels.zone=a' (--constraint): at position 17: expected == or !=")
        .hasMessageContaining("node.labels.<name>");
    assertThatThrownBy(() -> Constraint.parse("zone==a"))
        .hasMessageContaining("at position 1: unknown key 'zone'");
    assertThatThrownBy(() -> Constraint.parse("node.labels.==a"))
        .hasMessageContaining("at position 1: missing label name");
    assertThatThrownBy(() -> Constraint.parse("node.role=="))
        .hasMessageContaining("at position 12: missing value after ==");
    assertThatThrownBy(() -> Constraint.parse("node.role==boss"))
        .hasMessageContaining("at position 12: node.role is manager or worker");
    assertThatThrownBy(() -> Constraint.parse("node.id==a==b"))
        .hasMessageContaining("at position 11: more than one operator");
    assertThatThrownBy(() -> Constraint.parse("node.labels.zone==a;b"))
        .hasMessageContaining("at position 20: character ';' is not allowed");
    assertThatThrownBy(() -> Constraint.parse("node.hostname"))
        .hasMessageContaining("at position 14: expected == or !=");
  }

  @Test
  void placementValidationListsEveryProblem() {
    Placement p = new Placement(List.of("node.role==manager", "bad", "node.labels.x!=1"),
        List.of(Placement.Preference.spread("zone")), -1L);
    assertThat(p.validate()).hasSize(3)
        .anySatisfy(m -> assertThat(m).startsWith("invalid constraint 'bad' (--constraint): at position 4"))
        .anySatisfy(m -> assertThat(m).contains("'zone' (--placement-pref)"))
        .anySatisfy(m -> assertThat(m).contains("--replicas-max-per-node"));
  }

  @Test
  void placementUsesDockerFieldNamesAndOldTaskSpecsReadWithoutIt() {
    TaskSpec t = new TaskSpec(null, null, null, null, new Placement(List.of("node.labels.zone==a"),
        List.of(Placement.Preference.spread("node.labels.zone")), 2L));
    String json = Json.toString(t);
    assertThat(json).contains("\"Placement\":{\"Constraints\":[\"node.labels.zone==a\"],"
        + "\"Preferences\":[{\"Spread\":{\"SpreadDescriptor\":\"node.labels.zone\"}}],\"MaxReplicas\":2}");
    assertThat(Json.read(json, TaskSpec.class)).isEqualTo(t);

    TaskSpec old = Json.read("{\"ContainerSpec\":{\"Image\":\"i\"},\"ForceUpdate\":1}", TaskSpec.class);
    assertThat(old.placement()).isEqualTo(Placement.NONE);
    assertThat(old.forceUpdate()).isEqualTo(1L);
    assertThat(new TaskSpec(null, null, null, null)).isEqualTo(new TaskSpec(null, null, null, null, null));
  }
}
