package io.streambot.core.bundle;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Makes native code right for Linux on the target architecture: a foreign library of the function's own
 * files is a violation; a jar's foreign libraries are stripped (or are violations when stripping is
 * off); a jar whose rule needs a library for the target and has none is a violation.
 */
final class NativeCheck {
    private NativeCheck() {}

    static void checkRootNatives(List<BundleContents.RootFile> rootFiles, Architecture target, List<String> violations)
            throws IOException {
        for (BundleContents.RootFile f : rootFiles) {
            if (NativeLibraryScanner.isNativeLibraryName(f.name())) {
                byte[] head;
                try (InputStream in = Files.newInputStream(f.file())) {
                    head = in.readNBytes(NativeLibraryScanner.HEADER_BYTES);
                }
                NativePlatform platform = NativeLibraryScanner.identify(f.name(), head);
                if (!platform.runsOn(target)) {
                    violations.add("the function's own " + f.name() + " is a native library for " + platform
                            + ", but the function runs on linux " + target.nativeName()
                            + ": remove it from the project's resources or build it for linux " + target.nativeName());
                }
            }
        }
    }

    static BundleContents.LibJar nativesMadeRight(
            BundleDependency dependency,
            String jarName,
            BundleRequest request,
            NativeClassifierTable table,
            NativeStripper stripper,
            List<String> violations,
            List<String> warnings,
            List<BundleReport.StrippedJar> stripped)
            throws IOException {
        List<NativeStripper.NativeLibrary> natives = stripper.scan(dependency.file());
        Optional<NativeArtifactRule> rule = table.ruleFor(dependency.key());
        if (natives.isEmpty() && rule.isEmpty()) {
            return new BundleContents.LibJar(jarName, dependency, dependency.file());
        }
        Architecture target = request.architecture();
        List<NativeStripper.NativeLibrary> foreign =
                natives.stream().filter(n -> !stripper.runsOnTarget(n)).toList();
        long forTarget = natives.size() - foreign.size();
        Path file = dependency.file();
        if (!foreign.isEmpty() && request.stripForeignNatives()) {
            file = request.workDirectory().resolve("stripped").resolve(jarName);
            long bytes = stripper.rewriteWithout(dependency.file(), foreign, file);
            stripped.add(new BundleReport.StrippedJar(jarName, dependency.coordinates(), foreign.size(), bytes));
        } else {
            for (NativeStripper.NativeLibrary n : foreign) {
                violations.add("lib/" + jarName + " (" + dependency.coordinates() + ") carries " + n.entry()
                        + ", a native library for " + n.platform() + ", but the function runs on linux "
                        + target.nativeName() + ": " + leftForeignFix(dependency, rule, target));
            }
        }
        if (forTarget == 0) {
            String found = natives.isEmpty()
                    ? "it has none"
                    : "it carries only "
                            + natives.stream()
                                    .map(n -> n.platform() + " (" + n.entry() + ")")
                                    .distinct()
                                    .collect(Collectors.joining(", "));
            if (rule.isPresent()) {
                violations.add(dependency.coordinates() + " needs a native library for linux " + target.nativeName()
                        + " and lib/" + jarName + " has none: " + found + ". "
                        + missingNativeFix(dependency, rule.get(), target));
            } else if (request.stripForeignNatives()) {
                warnings.add("lib/" + jarName + " (" + dependency.coordinates() + ") has no native library for linux "
                        + target.nativeName() + " (" + found + "): code that loads one will fail on Lambda");
            }
        }
        return new BundleContents.LibJar(jarName, dependency, file);
    }

    private static String leftForeignFix(
            BundleDependency dependency, Optional<NativeArtifactRule> rule, Architecture target) {
        if (rule.isPresent()
                && rule.get().source().startsWith("<")
                && rule.get().classifierFor(target) != null) {
            return "the <nativeMappings> entry for " + dependency.key() + " picks '"
                    + rule.get().classifierFor(target)
                    + "' for " + target.lambdaName() + ": set <" + target.lambdaName()
                    + "> to the classifier built for linux " + target.nativeName();
        }
        return "turn <stripForeignNatives> (-Dstreambot.stripForeignNatives) back on, or exclude " + dependency.key()
                + " if the function does not use it";
    }

    private static String missingNativeFix(BundleDependency dependency, NativeArtifactRule rule, Architecture target) {
        String classifier = rule.classifierFor(target);
        if (rule.source().startsWith("<")) {
            return "The <nativeMappings> entry for " + dependency.key() + " picks "
                    + (classifier == null ? "no classifier" : "'" + classifier + "'") + " for "
                    + target.lambdaName() + ": set <" + target.lambdaName() + "> to the classifier built for linux "
                    + target.nativeName();
        }
        return "Use a version of " + dependency.key() + " built for linux " + target.nativeName()
                + ", or add a <nativeMapping> for it with the classifier that is";
    }
}
