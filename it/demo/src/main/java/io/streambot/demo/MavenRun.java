package io.streambot.demo;

import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.maven.shared.invoker.DefaultInvocationRequest;
import org.apache.maven.shared.invoker.DefaultInvoker;
import org.apache.maven.shared.invoker.InvocationRequest;
import org.apache.maven.shared.invoker.MavenInvocationException;

/**
 * One Maven build of a project of the repository, as a user would run it, against the streambot
 * artifacts of this build: it uses the demo's own local repository (where invoker:install put the
 * plugin, the runtime and the kit), fed from the user's local repository for everything else, so
 * nothing is installed into the user's. The streambot goals' lines are shown live; the whole log is
 * kept in a file.
 */
final class MavenRun {
    private final Path project;
    private final String name;
    private final List<String> goals = new ArrayList<>();
    private final Map<String, String> properties = new LinkedHashMap<>();
    private final Map<String, String> environment = new LinkedHashMap<>();

    private MavenRun(Path project, String name) {
        this.project = project;
        this.name = name;
    }

    static MavenRun of(Path project, String name) {
        return new MavenRun(project, name);
    }

    MavenRun goals(String... goals) {
        this.goals.addAll(List.of(goals));
        return this;
    }

    MavenRun property(String name, Object value) {
        properties.put(name, String.valueOf(value));
        return this;
    }

    MavenRun environment(String name, Object value) {
        environment.put(name, String.valueOf(value));
        return this;
    }

    /** Runs the build; returns its log, or throws naming the log file when it failed. */
    String run(DemoSettings settings) {
        Path log = settings.logs().resolve(name + ".log");
        StringBuilder text = new StringBuilder();
        boolean[] inStreambotGoal = {false};
        try {
            Files.createDirectories(log.getParent());
            try (PrintWriter file = new PrintWriter(Files.newBufferedWriter(log, StandardCharsets.UTF_8))) {
                InvocationRequest request = new DefaultInvocationRequest()
                        .setBaseDirectory(project.toFile())
                        .setGoals(goals)
                        .setBatchMode(true)
                        .setShowErrors(true)
                        .setLocalRepositoryDirectory(settings.localRepository().toFile())
                        .setUserSettingsFile(settings.mavenSettings().toFile())
                        .setOutputHandler(line -> {
                            synchronized (text) {
                                file.println(line);
                                text.append(line).append('\n');
                                show(line, inStreambotGoal);
                            }
                        })
                        .setErrorHandler(line -> {
                            synchronized (text) {
                                file.println(line);
                                text.append(line).append('\n');
                                System.out.println("    " + line);
                            }
                        });
                Properties props = new Properties();
                props.putAll(properties);
                props.put("skipTests", "true");
                request.setProperties(props);
                environment.forEach(request::addShellEnvironment);
                DefaultInvoker invoker = new DefaultInvoker();
                invoker.setMavenHome(new File(settings.mavenHome()));
                int exit = invoker.execute(request).getExitCode();
                if (exit != 0) {
                    throw new IllegalStateException("the build `mvn " + String.join(" ", goals) + "` in " + project
                            + " failed (exit " + exit + "); its whole log is " + log);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (MavenInvocationException e) {
            throw new IllegalStateException("could not run Maven for " + name + ": " + e.getMessage(), e);
        }
        return text.toString();
    }

    /** Shows what the streambot goals say, and errors; the rest of Maven's chatter is in the log file. */
    private static void show(String line, boolean[] inStreambotGoal) {
        if (line.startsWith("[INFO] --- ")) {
            inStreambotGoal[0] = line.contains("streambot-maven-plugin");
            if (inStreambotGoal[0]) {
                System.out.println("    " + line.substring("[INFO] ".length()));
            }
            return;
        }
        if (line.startsWith("[INFO] BUILD") || line.startsWith("[INFO] ---------")) {
            inStreambotGoal[0] = false;
            return;
        }
        if (line.contains("Downloading from") || line.contains("Downloaded from") || line.equals("[INFO] ")) {
            return;
        }
        if (inStreambotGoal[0] || line.startsWith("[ERROR]") || line.startsWith("[WARNING]")) {
            System.out.println("    " + line);
        }
    }
}
