package io.streambot.it;

import java.util.ArrayList;
import java.util.List;

/** The shell commands of a markdown guide: every line of its {@code ```sh} blocks, in order. */
final class GuideCommands {
    private GuideCommands() {}

    /**
     * The command lines of the {@code sh} blocks of {@code markdown}: comments and blank lines dropped,
     * lines continued with a trailing backslash joined.
     *
     * @throws IllegalArgumentException for a line a plain word split cannot run as written (quotes,
     *     pipes, redirections, variables), so the guide stays something this test runs literally
     */
    static List<String> extract(String markdown) {
        List<String> commands = new ArrayList<>();
        boolean inSh = false;
        StringBuilder pending = new StringBuilder();
        for (String raw : markdown.split("\n", -1)) {
            String line = raw.strip();
            if (!inSh) {
                inSh = line.equals("```sh");
                continue;
            }
            if (line.equals("```")) {
                inSh = false;
                continue;
            }
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (line.endsWith("\\")) {
                pending.append(line, 0, line.length() - 1).append(' ');
                continue;
            }
            String command = (pending + line).strip().replaceAll(" +", " ");
            pending.setLength(0);
            if (command.matches(".*['\"|<>$&;`*].*")) {
                throw new IllegalArgumentException("a guide command this test cannot run literally: " + command);
            }
            commands.add(command);
        }
        return commands;
    }
}
