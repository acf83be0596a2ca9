package dev.icmpj.exporter;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads target files in Prometheus' file service discovery format: a YAML or JSON list of groups, each
 * {@code {targets: [host, ...], labels: {name: value}}}. A target is a host name or IP address; a
 * {@code host:port} as written for other exporters is refused with a message saying so.
 *
 * <p>Stateless and thread-safe.
 */
final class FileSdReader {
    private static final Set<String> GROUP = Set.of("targets", "labels");

    private FileSdReader() {}

    /**
     * Lists the files a pattern names now: the file itself, or the directory's files whose names match the
     * last element's glob, sorted.
     */
    static List<Path> expand(Path base, String pattern) throws IOException {
        Path path = base.resolve(pattern);
        String last = path.getFileName().toString();
        if (!last.matches(".*[*?\\[{].*")) {
            return Files.isRegularFile(path) ? List.of(path) : List.of();
        }
        Path dir = path.getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            return List.of();
        }
        TreeSet<Path> out = new TreeSet<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, last)) {
            for (Path f : files) {
                if (Files.isRegularFile(f)) {
                    out.add(f);
                }
            }
        }
        return List.copyOf(out);
    }

    /** What identifies a file's content cheaply: modification time, size and inode. */
    static String fingerprint(Path file) {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            return a.lastModifiedTime().toMillis() + "/" + a.size() + "/" + a.fileKey();
        } catch (IOException e) {
            return "missing";
        }
    }

    /**
     * Reads one file's targets.
     *
     * @param file the file
     * @return its targets, each with its group's labels
     * @throws ConfigException when it cannot be read or is not in the format, with where
     */
    static List<TargetConfig> read(Path file) throws ConfigException {
        Optional<YamlNodes.At> root = YamlNodes.read(file);
        List<TargetConfig> out = new ArrayList<>();
        if (root.isEmpty()) {
            return out;
        }
        for (YamlNodes.At group : root.get().sequence()) {
            Map<String, YamlNodes.At> f = group.mapping(GROUP);
            Map<String, String> labels = f.containsKey("labels") ? ConfigParser.labels(f.get("labels")) : Map.of();
            if (!f.containsKey("targets")) {
                throw group.error("a target group needs targets");
            }
            for (YamlNodes.At item : f.get("targets").sequence()) {
                String host = ConfigParser.host(item);
                if (host.matches("[^:\\[\\]]+:\\d+") || host.matches("\\[.*]:\\d+")) {
                    throw item.error("\"" + host + "\" has a port; ICMP targets are host names or IP addresses");
                }
                out.add(new TargetConfig(host, labels, item.origin()));
            }
        }
        return out;
    }
}
