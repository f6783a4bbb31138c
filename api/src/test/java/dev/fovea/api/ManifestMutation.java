package dev.fovea.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;

/**
 * One invalid variant of a valid manifest, read from {@code invalid-manifests.yaml}: JSON-pointer edits and what the
 * validators must say about the result.
 */
public record ManifestMutation(
        String name,
        Map<String, JsonNode> set,
        List<String> remove,
        String field,
        String mentions,
        Boolean crd,
        String reason) {

    /** A copy of {@code manifest} with the edits applied: removals first, then sets. */
    public JsonNode applyTo(JsonNode manifest) {
        JsonNode copy = manifest.deepCopy();
        if (remove != null) {
            for (String pointer : remove) {
                JsonPointer path = JsonPointer.compile(pointer);
                JsonNode parent = copy.at(path.head());
                if (parent instanceof ObjectNode object) {
                    object.remove(path.last().getMatchingProperty());
                } else if (parent instanceof ArrayNode array) {
                    array.remove(path.last().getMatchingIndex());
                } else {
                    throw new IllegalArgumentException(name + ": nothing to remove at " + pointer);
                }
            }
        }
        if (set != null) {
            set.forEach((pointer, value) -> {
                JsonPointer path = JsonPointer.compile(pointer);
                JsonNode parent = copy.at(path.head());
                if (parent instanceof ObjectNode object) {
                    object.set(path.last().getMatchingProperty(), value);
                } else if (parent instanceof ArrayNode array
                        && path.last().getMatchingProperty().equals("-")) {
                    array.add(value);
                } else if (parent instanceof ArrayNode array) {
                    array.set(path.last().getMatchingIndex(), value);
                } else {
                    throw new IllegalArgumentException(name + ": no object or list at " + path.head());
                }
            });
        }
        return copy;
    }

    /** The word both messages must contain. */
    public String expectedMention() {
        if (mentions != null) {
            return mentions;
        }
        String last = field.substring(field.lastIndexOf('.') + 1);
        return last.replaceAll("\\[\\d+]$", "");
    }

    /** Whether the CRD (schema + CEL) is expected to reject it too. */
    /** The API server's verdict on this variant: rejected naming what is wrong, or passed with a stated reason. */
    public void assertCrdVerdict(List<String> errors) {
        if (rejectedByCrd()) {
            assertThat(errors)
                    .as("CRD errors for %s", name())
                    .anySatisfy(error -> assertThat(error).contains(expectedMention()));
        } else {
            assertThat(reason()).as("why the CRD cannot catch %s", name()).isNotBlank();
            assertThat(errors).as("the CRD is not expected to catch %s", name()).isEmpty();
        }
    }

    public boolean rejectedByCrd() {
        return crd == null || crd;
    }

    @Override
    public String toString() {
        return name;
    }
}
