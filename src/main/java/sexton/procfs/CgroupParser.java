package sexton.procfs;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * {@code /proc/PID/cgroup}: {@code hierarchy:controllers:path} lines, one per v1 hierarchy plus
 * {@code 0::path} for cgroup v2. Names the systemd unit and the container a process runs in. Read
 * only when a process first appears, so it works on Strings.
 */
public final class CgroupParser {
    private static final String DELETED = " (deleted)";
    private static final String[] UNIT_SUFFIXES = {".service", ".scope", ".socket", ".mount", ".swap"};
    private static final int SHORT_ID = 12;
    private static final String LXC_PAYLOAD = "lxc.payload.";

    private CgroupParser() {
    }

    /**
     * The path is the v2 line's when it is not {@code /}; else the v1 {@code name=systemd} line's
     * when not {@code /}; else the first other v1 path that is not {@code /}; else {@code /}.
     */
    public static CgroupInfo parse(byte[] buf, int len) {
        String text = new String(buf, 0, Math.max(0, Math.min(len, buf.length)), StandardCharsets.UTF_8);
        String v2 = null, systemd = null, firstV1 = null, any = null;
        int from = 0;
        while (from < text.length()) {
            int eol = text.indexOf('\n', from);
            if (eol < 0) eol = text.length();
            int c1 = text.indexOf(':', from);
            int c2 = c1 < 0 || c1 >= eol ? -1 : text.indexOf(':', c1 + 1);
            if (c2 >= 0 && c2 < eol) {
                String path = withoutDeletedMark(text.substring(c2 + 1, eol));
                boolean root = path.equals("/");
                if (any == null) any = path;
                if (c1 - from == 1 && text.charAt(from) == '0' && c2 == c1 + 1) {
                    if (v2 == null && !root) v2 = path;
                } else if (hasController(text, c1 + 1, c2, "name=systemd")) {
                    if (systemd == null && !root) systemd = path;
                } else if (firstV1 == null && !root) {
                    firstV1 = path;
                }
            }
            from = eol + 1;
        }
        String path = v2 != null ? v2 : systemd != null ? systemd : firstV1 != null ? firstV1 : any;
        if (path == null) return CgroupInfo.NONE;
        String[] segments = segments(path);
        return new CgroupInfo(path, unit(segments), container(segments));
    }

    // v2 marks a cgroup removed while the process still sits in it.
    private static String withoutDeletedMark(String path) {
        return path.endsWith(DELETED) ? path.substring(0, path.length() - DELETED.length()) : path;
    }

    private static boolean hasController(String text, int from, int to, String name) {
        int at = from;
        while (at < to) {
            int comma = text.indexOf(',', at);
            if (comma < 0 || comma > to) comma = to;
            if (comma - at == name.length() && text.startsWith(name, at)) return true;
            at = comma + 1;
        }
        return false;
    }

    private static String[] segments(String path) {
        int n = 0;
        for (int i = 0; i < path.length(); i++) if (path.charAt(i) == '/') n++;
        String[] out = new String[n + 1];
        int k = 0, start = 0;
        for (int i = 0; i <= path.length(); i++) {
            if (i == path.length() || path.charAt(i) == '/') {
                if (i > start) out[k++] = path.substring(start, i);
                start = i + 1;
            }
        }
        return Arrays.copyOf(out, k);
    }

    /** The deepest segment named like a systemd unit; slices group units and are not one. */
    private static String unit(String[] segments) {
        for (int i = segments.length - 1; i >= 0; i--) {
            for (String suffix : UNIT_SUFFIXES) {
                String s = segments[i];
                if (s.length() > suffix.length() && s.endsWith(suffix)) return s;
            }
        }
        return null;
    }

    /** The innermost container runtime id, else the Kubernetes pod, else null. */
    private static String container(String[] segments) {
        for (int i = segments.length - 1; i >= 0; i--) {
            String s = segments[i];
            String parent = i > 0 ? segments[i - 1] : "";
            String id;
            if ((id = runtimeId(s, "docker-")) != null) return "docker:" + id;
            if (parent.equals("docker") && isHexId(s)) return "docker:" + s.substring(0, SHORT_ID);
            // conmon watches a container from outside it: not the container's own process.
            if (!s.startsWith("libpod-conmon-") && (id = runtimeId(s, "libpod-")) != null) return "podman:" + id;
            if (parent.equals("libpod") && isHexId(s)) return "podman:" + s.substring(0, SHORT_ID);
            if ((id = runtimeId(s, "cri-containerd-")) != null) return "containerd:" + id;
            if (!s.startsWith("crio-conmon-") && (id = runtimeId(s, "crio-")) != null) return "crio:" + id;
            if (s.startsWith(LXC_PAYLOAD) && s.length() > LXC_PAYLOAD.length()) {
                return "lxc:" + s.substring(LXC_PAYLOAD.length());
            }
            if (parent.equals("lxc") || parent.equals("lxc.payload")) return "lxc:" + s;
        }
        boolean kubepods = false;
        for (String s : segments) kubepods |= s.startsWith("kubepods");
        if (!kubepods) return null;
        for (int i = segments.length - 1; i >= 0; i--) {
            String uid = podUid(segments[i]);
            if (uid != null) return "k8s-pod:" + uid;
        }
        return null;
    }

    /** {@code <prefix><hex id>} with an optional {@code .scope}: the id's first 12 characters. */
    private static String runtimeId(String s, String prefix) {
        if (!s.startsWith(prefix)) return null;
        int end = s.endsWith(".scope") ? s.length() - 6 : s.length();
        if (end < prefix.length()) return null;
        String id = s.substring(prefix.length(), end);
        return isHexId(id) ? id.substring(0, SHORT_ID) : null;
    }

    private static boolean isHexId(String s) {
        if (s.length() < SHORT_ID) return false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) return false;
        }
        return true;
    }

    /**
     * The pod uid in {@code pod<uid>} (cgroupfs driver) or {@code kubepods-<qos>-pod<uid>.slice}
     * (systemd driver, which writes the uid's dashes as underscores); returned with dashes.
     */
    private static String podUid(String s) {
        int at;
        if (s.startsWith("pod")) at = 3;
        else if (s.startsWith("kubepods") && (at = s.lastIndexOf("-pod")) >= 0) at += 4;
        else return null;
        int end = s.endsWith(".slice") ? s.length() - 6 : s.length();
        if (end <= at) return null;
        String uid = s.substring(at, end);
        for (int i = 0; i < uid.length(); i++) {
            char c = uid.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c == '-' || c == '_')) return null;
        }
        return uid.replace('_', '-');
    }
}
