package io.streambot.core.bundle;

import io.streambot.core.Events;
import io.streambot.core.InvalidConfigurationException;
import io.streambot.core.stack.FunctionHandler;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/** Fails the bundle unless each handler's class is in it with the method, its own or inherited. */
final class HandlerCheck {
    private final Events events;

    HandlerCheck(Events events) {
        this.events = events;
    }

    void check(BundleRequest request, List<BundleContents.RootFile> rootFiles, List<BundleContents.LibJar> libJars)
            throws IOException {
        if (request.handler() != null) {
            checkHandler(request.handler(), "<handler>", "streambot.handler", "", rootFiles, libJars);
        }
        for (FunctionHandler declared : request.templateHandlers()) {
            checkHandler(
                    declared.handler(),
                    declared.source(),
                    null,
                    " (or set <handler> to this bundle's own handler when " + declared.logicalId()
                            + " runs the code of another bundle)",
                    rootFiles,
                    libJars);
        }
        if (!request.templateHandlers().isEmpty()) {
            events.info("Checked the handlers of "
                    + request.templateHandlers().get(0).template() + " against the bundle: "
                    + request.templateHandlers().stream()
                            .map(FunctionHandler::toString)
                            .collect(Collectors.joining(", ")));
        }
    }

    /** Fails unless the handler's class is in the bundle with the method, its own or inherited. */
    private static void checkHandler(
            String handler,
            String element,
            String property,
            String missingClassFixSuffix,
            List<BundleContents.RootFile> rootFiles,
            List<BundleContents.LibJar> libJars)
            throws IOException {
        String className = BundleRequest.handlerClass(handler);
        String method = BundleRequest.handlerMethod(handler);
        String internal = className.replace('.', '/');
        String current = internal;
        Set<String> seen = new LinkedHashSet<>();
        while (current != null && seen.add(current)) {
            byte[] classFile = findClass(current, rootFiles, libJars);
            if (classFile == null) {
                if (current.equals(internal)) {
                    throw new InvalidConfigurationException(
                            element,
                            property,
                            handler,
                            "names a class that is not in the bundle",
                            "check the class name (package included) against src/main/java, or add the dependency"
                                    + " that holds " + className + missingClassFixSuffix);
                }
                break;
            }
            ClassFileInspector.ClassInfo info = ClassFileInspector.read(classFile);
            if (info.methodNames().contains(method)) {
                return;
            }
            current = info.superName();
        }
        throw new InvalidConfigurationException(
                element,
                property,
                handler,
                "names a method that " + className + " does not have",
                "name a public method of " + className + " (Lambda calls handleRequest when only the class is given)");
    }

    private static byte[] findClass(
            String internalName, List<BundleContents.RootFile> rootFiles, List<BundleContents.LibJar> libJars)
            throws IOException {
        String entry = internalName + ".class";
        for (BundleContents.RootFile f : rootFiles) {
            if (f.name().equals(entry)) {
                return Files.readAllBytes(f.file());
            }
        }
        for (BundleContents.LibJar jar : libJars) {
            try (ZipFile zf = new ZipFile(jar.file().toFile())) {
                ZipEntry e = zf.getEntry(entry);
                if (e != null) {
                    try (InputStream in = zf.getInputStream(e)) {
                        return in.readAllBytes();
                    }
                }
            }
        }
        return null;
    }
}
