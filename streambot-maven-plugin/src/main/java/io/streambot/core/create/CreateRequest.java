package io.streambot.core.create;

import io.streambot.core.InvalidConfigurationException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import javax.lang.model.SourceVersion;

/**
 * What {@code streambot:create} writes, and where.
 *
 * @param parent the folder in which the project's folder (named after {@code artifactId}) is created
 * @param groupId the new project's groupId
 * @param artifactId the new project's artifactId: also its folder, its stack's and its function's name
 * @param version the new project's version
 * @param packageName the Java package of the handler; null means the groupId
 * @param starter the starter's name ({@link Starter#parse})
 * @param versions the versions the generated pom uses ({@link StarterVersions})
 */
public record CreateRequest(
        Path parent,
        String groupId,
        String artifactId,
        String version,
        String packageName,
        String starter,
        Map<String, String> versions) {
    private static final Pattern COORDINATE = Pattern.compile("[A-Za-z0-9_.-]+");
    /** CloudFormation's rule for stack names: the artifactId names the stack and the function. */
    private static final Pattern STACK_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9-]{0,63}");

    public CreateRequest {
        Objects.requireNonNull(parent, "parent");
        versions = Map.copyOf(versions);
    }

    /** The Java package of the handler: {@code packageName}, or the groupId when that is unset. */
    public String javaPackage() {
        return packageName == null || packageName.isBlank() ? groupId : packageName.trim();
    }

    /** The project's folder. */
    public Path directory() {
        return parent.resolve(artifactId);
    }

    /**
     * Checks every name before anything is written.
     *
     * @return this request
     * @throws InvalidConfigurationException naming the property that is wrong and how to fix it
     */
    public CreateRequest validate() {
        Starter.parse(starter);
        if (groupId == null || groupId.isBlank()) {
            throw new InvalidConfigurationException(
                    "<groupId>",
                    "groupId",
                    null,
                    "is not set",
                    "give the new project's groupId, such as -DgroupId=com.example");
        }
        if (!COORDINATE.matcher(groupId).matches() || groupId.startsWith(".") || groupId.endsWith(".")) {
            throw new InvalidConfigurationException(
                    "<groupId>",
                    "groupId",
                    groupId,
                    "is not a valid Maven groupId",
                    "use letters, digits, '.', '-' and '_' only, such as com.example.orders");
        }
        if (artifactId == null || artifactId.isBlank()) {
            throw new InvalidConfigurationException(
                    "<artifactId>",
                    "artifactId",
                    null,
                    "is not set",
                    "give the new project's artifactId (also its folder and stack name), such as -DartifactId=orders-ingest");
        }
        if (!STACK_NAME.matcher(artifactId).matches()) {
            throw new InvalidConfigurationException(
                    "<artifactId>",
                    "artifactId",
                    artifactId,
                    "is not a valid artifactId for a service (it names the folder, the CloudFormation stack and the"
                            + " function)",
                    "start with a letter and use letters, digits and '-' only, at most 64 characters, such as"
                            + " orders-ingest");
        }
        if (version == null || !COORDINATE.matcher(version).matches()) {
            throw new InvalidConfigurationException(
                    "<projectVersion>",
                    "projectVersion",
                    version,
                    "is not a valid Maven version",
                    "use letters, digits, '.', '-' and '_' only, such as 1.0-SNAPSHOT");
        }
        String pkg = javaPackage();
        if (!SourceVersion.isName(pkg) || pkg.contains("$")) {
            boolean fromGroupId = packageName == null || packageName.isBlank();
            throw new InvalidConfigurationException(
                    fromGroupId ? "<groupId>" : "<package>",
                    fromGroupId ? "groupId" : "package",
                    pkg,
                    fromGroupId
                            ? "is not a valid Java package, and the handler's package defaults to the groupId"
                            : "is not a valid Java package",
                    "give the handler's package with -Dpackage: dot-separated Java identifiers, not keywords, such as"
                            + " com.example.orders");
        }
        return this;
    }
}
