package dev.fovea.cli.importer;

import dev.fovea.api.ImageClassificationJob;
import java.util.List;

/**
 * The manifest made from a CreateTrainingJob request, and what the importer could not carry over or changed, each
 * note naming the request field and what to do instead.
 */
public record ImportResult(ImageClassificationJob job, List<String> notes) {

    public ImportResult {
        notes = List.copyOf(notes);
    }
}
