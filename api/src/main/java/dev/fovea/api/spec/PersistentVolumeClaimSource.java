package dev.fovea.api.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** A directory on a PersistentVolumeClaim in the job's namespace. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PersistentVolumeClaimSource {

    static final String RELATIVE_PATH_RULE = "!self.startsWith('/') && self != '..' && !self.startsWith('../') "
            + "&& !self.endsWith('/..') && !self.contains('/../')";
    static final String RELATIVE_PATH_MESSAGE = "subPath must be a relative path inside the volume, without '..'";

    @JsonPropertyDescription("Name of the PersistentVolumeClaim, in the job's namespace. Valid values: a Kubernetes "
            + "name of lowercase letters, digits, dashes and dots that starts and ends with a letter or digit.")
    @Required
    @Pattern("^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$")
    private String claimName;

    @JsonPropertyDescription("Directory inside the volume, relative, without '..'; empty means the volume's root.")
    @Size(max = 1024)
    @ValidationRule(value = RELATIVE_PATH_RULE, message = RELATIVE_PATH_MESSAGE)
    private String subPath;

    public PersistentVolumeClaimSource() {}

    public PersistentVolumeClaimSource(String claimName, String subPath) {
        this.claimName = claimName;
        this.subPath = subPath;
    }

    public String getClaimName() {
        return claimName;
    }

    public void setClaimName(String claimName) {
        this.claimName = claimName;
    }

    public String getSubPath() {
        return subPath;
    }

    public void setSubPath(String subPath) {
        this.subPath = subPath;
    }
}
