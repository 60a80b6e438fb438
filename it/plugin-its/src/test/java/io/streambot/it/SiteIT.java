package io.streambot.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Checks the staged site: every markdown page was rendered, every goal of the plugin descriptor has its
 * generated page that documents every user-settable parameter with its javadoc, every local link of every
 * staged page resolves to a staged file, and every page carries the site's menu. Runs only
 * after the site was built in the same reactor build, i.e. with the {@code site-check} profile:
 * {@code mvn -B -ntp -Psite-check -DskipTests -Dinvoker.skip verify}.
 */
@EnabledIfSystemProperty(named = "streambot.site.check", matches = "true")
class SiteIT {
    private static final Path ROOT = Path.of(System.getProperty("streambot.root", "../.."))
            .toAbsolutePath()
            .normalize();
    private static final Path STAGING = ROOT.resolve("target/staging");
    private static final Path PLUGIN_SITE = STAGING.resolve("streambot-maven-plugin");
    private static final Path DESCRIPTOR =
            ROOT.resolve("streambot-maven-plugin/target/classes/META-INF/maven/plugin.xml");

    @Test
    void everyMarkdownPageIsRenderedIntoTheStagedSite() throws IOException {
        List<String> missing = new ArrayList<>();
        try (Stream<Path> pages = Files.list(ROOT.resolve("src/site/markdown"))) {
            for (Path page : (Iterable<Path>) pages::iterator) {
                String html = page.getFileName().toString().replaceFirst("\\.md(\\.vm)?$", ".html");
                if (!Files.isRegularFile(STAGING.resolve(html))) {
                    missing.add(html);
                }
            }
        }
        assertThat(missing)
                .as("pages of src/site/markdown missing from %s", STAGING)
                .isEmpty();
    }

    @Test
    void everyGoalHasAPageThatDocumentsEveryParameter() throws Exception {
        List<Goal> goals = goals();
        assertThat(goals).extracting(Goal::name).contains("help");

        String pluginInfo = text(PLUGIN_SITE.resolve("plugin-info.html"));
        List<String> problems = new ArrayList<>();
        for (Goal goal : goals) {
            Path page = PLUGIN_SITE.resolve(goal.name() + "-mojo.html");
            if (!Files.isRegularFile(page)) {
                problems.add(goal.name() + ": no page " + page);
                continue;
            }
            if (!pluginInfo.contains("streambot:" + goal.name())) {
                problems.add(goal.name() + ": not listed on plugin-info.html");
            }
            String html = Files.readString(page);
            String text = text(page);
            Matcher broken = BROKEN_EXPRESSION.matcher(html);
            if (broken.find()) {
                problems.add(goal.name() + ": a ${...} expression lost its closing brace ('" + broken.group()
                        + "'): write it as <code>${...}</code> in the javadoc, not {@code ${...}}");
            }
            if (goal.description().isBlank()) {
                problems.add(goal.name() + ": the Mojo class has no javadoc");
            }
            for (Parameter p : goal.parameters()) {
                if (!html.contains("id=\"a.3C" + p.name() + ".3E\"")) {
                    problems.add(goal.name() + ": parameter <" + p.name() + "> has no section on " + page);
                }
                if (p.description().isBlank()) {
                    problems.add(goal.name() + ": parameter <" + p.name() + "> has no javadoc");
                } else if (!text.contains(firstWords(p.description()))) {
                    problems.add(goal.name() + ": the javadoc of <" + p.name() + "> ('" + firstWords(p.description())
                            + "') is not on " + page);
                }
                if (p.property() != null && !text.contains(p.property())) {
                    problems.add(goal.name() + ": the property " + p.property() + " of <" + p.name() + "> is not on "
                            + page);
                }
            }
        }
        assertThat(problems).as("goal pages generated from %s", DESCRIPTOR).isEmpty();
    }

    @Test
    void theGoalsPageLinksEveryGoal() throws Exception {
        String goalsPage = Files.readString(STAGING.resolve("goals.html"));
        List<String> unlinked = goals().stream()
                .map(Goal::name)
                .filter(goal -> !goalsPage.contains("streambot-maven-plugin/" + goal + "-mojo.html"))
                .toList();
        assertThat(unlinked)
                .as("goals not linked from src/site/markdown/goals.md")
                .isEmpty();
    }

    @Test
    void everyLocalLinkOfEveryStagedPageResolvesToAStagedFile() throws IOException {
        List<Path> pages = stagedPages();
        assertThat(pages).as("staged pages under %s", STAGING).isNotEmpty();
        List<String> dead = new ArrayList<>();
        int checked = 0;
        for (Path page : pages) {
            for (String link : localLinks(Files.readString(page))) {
                checked++;
                Path target = resolve(page, link);
                if (target == null || !Files.exists(target)) {
                    dead.add(STAGING.relativize(page) + " -> " + link);
                }
            }
        }
        assertThat(checked).as("local links found").isPositive();
        assertThat(dead)
                .as("dead local links of the %d checked in %d pages under %s", checked, pages.size(), STAGING)
                .isEmpty();
    }

    @Test
    void everyStagedPageCarriesTheSitesMenu() throws Exception {
        List<String> menu = menuTargets();
        assertThat(menu).as("the menu items of src/site/site.xml").contains("index.html", "goals.html");
        List<String> problems = new ArrayList<>();
        for (Path page : stagedPages()) {
            List<Path> linked = new ArrayList<>();
            for (String link : localLinks(Files.readString(page))) {
                Path target = resolve(page, link);
                if (target != null) {
                    linked.add(target);
                }
            }
            for (String item : menu) {
                Path target = STAGING.resolve(item).normalize();
                // The menu shows the page's own item unlinked, as the active one.
                if (!target.equals(page.normalize()) && !linked.contains(target)) {
                    problems.add(STAGING.relativize(page) + " has no link to the menu item " + item);
                }
            }
        }
        assertThat(problems).as("pages without the site's menu").isEmpty();
    }

    /** A {@code ${name}} whose closing brace was lost (javadoc's {@code {@code}} ends at the first brace). */
    private static final Pattern BROKEN_EXPRESSION = Pattern.compile("\\$\\{[\\w.-]*+[^}\\w.-]");

    private static final Pattern LINK = Pattern.compile("(?:href|src)=\"([^\"]*)\"");

    /** Every HTML page of the staged site. */
    private static List<Path> stagedPages() throws IOException {
        try (Stream<Path> files = Files.walk(STAGING)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".html"))
                    .sorted()
                    .toList();
        }
    }

    /** The page's href and src values that point into the site (not to another host, nor within the page). */
    private static List<String> localLinks(String html) {
        List<String> links = new ArrayList<>();
        Matcher m = LINK.matcher(html);
        while (m.find()) {
            String link = m.group(1).replace("&amp;", "&").trim();
            if (link.isEmpty()
                    || link.startsWith("#")
                    || link.startsWith("//")
                    || link.matches("(?i)^[a-z][a-z0-9+.-]*:.*")) {
                continue;
            }
            links.add(link);
        }
        return links;
    }

    /** The staged file a local link points at, or null when it leaves the staged site. */
    private static Path resolve(Path page, String link) {
        String path = link.replaceFirst("[?#].*$", "");
        if (path.isEmpty()) {
            return page;
        }
        path = java.net.URLDecoder.decode(path.replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8);
        Path target = page.getParent().resolve(path).normalize();
        if (path.endsWith("/")) {
            target = target.resolve("index.html");
        }
        return target.startsWith(STAGING.normalize()) ? target : null;
    }

    /** The local hrefs of the site's menus, as src/site/site.xml declares them. */
    private static List<String> menuTargets() throws Exception {
        Document doc = DocumentBuilderFactory.newInstance()
                .newDocumentBuilder()
                .parse(ROOT.resolve("src/site/site.xml").toFile());
        List<String> targets = new ArrayList<>();
        NodeList items = doc.getElementsByTagName("item");
        for (int i = 0; i < items.getLength(); i++) {
            String href = ((Element) items.item(i)).getAttribute("href");
            if (!href.isBlank() && !href.matches("(?i)^[a-z][a-z0-9+.-]*:.*")) {
                targets.add(href);
            }
        }
        return targets;
    }

    record Parameter(String name, String property, String description) {}

    record Goal(String name, String description, List<Parameter> parameters) {}

    /** The goals and their user-settable (editable) parameters, as the plugin descriptor declares them. */
    private static List<Goal> goals() throws Exception {
        assertThat(DESCRIPTOR)
                .as("the plugin descriptor (build streambot-maven-plugin first)")
                .isRegularFile();
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(DESCRIPTOR.toFile());
        List<Goal> goals = new ArrayList<>();
        NodeList mojos = doc.getElementsByTagName("mojo");
        for (int i = 0; i < mojos.getLength(); i++) {
            Element mojo = (Element) mojos.item(i);
            List<Parameter> parameters = new ArrayList<>();
            Element parametersElement = child(mojo, "parameters");
            Element configuration = child(mojo, "configuration");
            if (parametersElement != null) {
                NodeList params = parametersElement.getElementsByTagName("parameter");
                for (int j = 0; j < params.getLength(); j++) {
                    Element p = (Element) params.item(j);
                    if (!"true".equals(childText(p, "editable"))) {
                        continue;
                    }
                    String name = childText(p, "name");
                    parameters.add(new Parameter(name, property(configuration, name), childText(p, "description")));
                }
            }
            goals.add(new Goal(childText(mojo, "goal"), childText(mojo, "description"), parameters));
        }
        return goals;
    }

    /** The user property of a parameter: its {@code ${...}} expression in the mojo's configuration. */
    private static String property(Element configuration, String name) {
        if (configuration == null) {
            return null;
        }
        Element entry = child(configuration, name);
        if (entry == null) {
            return null;
        }
        Matcher m = Pattern.compile("^\\$\\{([^}]+)}$")
                .matcher(entry.getTextContent().trim());
        return m.matches() ? m.group(1) : null;
    }

    private static Element child(Element parent, String name) {
        NodeList children = parent.getChildNodes();
        for (int i = 0; i < children.getLength(); i++) {
            if (children.item(i) instanceof Element e && e.getTagName().equals(name)) {
                return e;
            }
        }
        return null;
    }

    private static String childText(Element parent, String name) {
        Element e = child(parent, name);
        return e == null ? "" : e.getTextContent().trim();
    }

    /** The first words of a javadoc, as plain text, long enough to identify it on the page. */
    private static String firstWords(String javadocHtml) {
        String plain = plain(javadocHtml);
        String[] words = plain.split(" ");
        return String.join(" ", java.util.Arrays.copyOf(words, Math.min(words.length, 4)))
                .trim();
    }

    private static String text(Path html) throws IOException {
        return plain(Files.readString(html));
    }

    /** Tags dropped, the common entities decoded and white space collapsed, so texts compare as read. */
    private static String plain(String html) {
        return html.replaceAll("(?s)<[^>]*>", " ")
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&quot;", "\"")
                .replace("&#39;", "'")
                .replace("&nbsp;", " ")
                .replace("&amp;", "&")
                .replaceAll("\\s+", " ")
                .replaceAll(" ([.,:;)])", "$1")
                .replaceAll("\\( ", "(")
                .trim();
    }
}
