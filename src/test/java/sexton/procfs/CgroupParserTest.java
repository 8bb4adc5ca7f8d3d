package sexton.procfs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CgroupParserTest {
    private static CgroupInfo cgroup(String tree, int pid) {
        byte[] b = Fixtures.pidFile(Fixtures.tree(tree), pid, "cgroup");
        return CgroupParser.parse(b, b.length);
    }

    private static CgroupInfo cgroup(String text) {
        byte[] b = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        return CgroupParser.parse(b, b.length);
    }

    private static final String DOCKER = "4f1b8c2e9a7d";
    private static final String POD = "6e1c2b9a-3f0d-4c7e-9a53-8d2f1b7c4e10";

    @Test
    void systemdServiceOnV2() {
        assertThat(cgroup("basic", 812)).isEqualTo(new CgroupInfo("/system.slice/nginx.service", "nginx.service", null));
        assertThat(cgroup("basic", 1)).isEqualTo(new CgroupInfo("/init.scope", "init.scope", null));
    }

    @Test
    void deepestUnitWins() {
        assertThat(cgroup("basic", 1500).unit()).isEqualTo("foo.service");
        assertThat(cgroup("basic", 3300).unit()).isEqualTo("session-3.scope");
        assertThat(cgroup("0::/user.slice/user-1000.slice/user@1000.service/init.scope\n").unit()).isEqualTo("init.scope");
        assertThat(cgroup("0::/user.slice/user-1000.slice/user@1000.service\n").unit()).isEqualTo("user@1000.service");
        assertThat(cgroup("0::/system.slice/dbus.socket\n").unit()).isEqualTo("dbus.socket");
    }

    @Test
    void slicesAndRootAreNoUnit() {
        assertThat(cgroup("0::/user.slice/user-1000.slice\n")).isEqualTo(new CgroupInfo("/user.slice/user-1000.slice", null, null));
        assertThat(cgroup("basic", 2)).isEqualTo(new CgroupInfo("/", null, null));
        assertThat(cgroup("")).isEqualTo(CgroupInfo.NONE);
    }

    @Test
    void v1UsesTheSystemdHierarchy() {
        assertThat(cgroup("old-kernel", 3141))
                .isEqualTo(new CgroupInfo("/system.slice/pegasus.service", "pegasus.service", null));
    }

    @Test
    void v1WithoutSystemdUsesTheFirstNonRootPath() {
        assertThat(cgroup("old-kernel", 3150)).isEqualTo(new CgroupInfo("/dbgroup", null, null));
    }

    @Test
    void hybridPrefersANonRootV2Line() {
        assertThat(cgroup("1:name=systemd:/system.slice/a.service\n0::/system.slice/b.service\n").unit())
                .isEqualTo("b.service");
        assertThat(cgroup("1:name=systemd:/system.slice/a.service\n0::/\n").unit()).isEqualTo("a.service");
    }

    @Test
    void deletedCgroupMarkIsDropped() {
        assertThat(cgroup("0::/system.slice/old.service (deleted)\n"))
                .isEqualTo(new CgroupInfo("/system.slice/old.service", "old.service", null));
    }

    @Test
    void docker() {
        assertThat(cgroup("containers", 101)).isEqualTo(new CgroupInfo("/docker/" + DOCKER
                + "3b6c5e0f1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c2d", null, "docker:" + DOCKER));
        CgroupInfo v2 = cgroup("containers", 102);
        assertThat(v2.container()).isEqualTo("docker:" + DOCKER);
        assertThat(v2.unit()).startsWith("docker-" + DOCKER).endsWith(".scope");
    }

    @Test
    void podman() {
        assertThat(cgroup("containers", 103).container()).isEqualTo("podman:9e8d7c6b5a4f");
        CgroupInfo rootless = cgroup("containers", 104);
        assertThat(rootless.container()).isEqualTo("podman:9e8d7c6b5a4f");
        assertThat(rootless.unit()).startsWith("libpod-9e8d7c6b5a4f");
        assertThat(cgroup("containers", 110).container()).as("conmon is outside the container").isNull();
        assertThat(cgroup("0::/libpod_parent/libpod-9e8d7c6b5a4f3e2d1c0b9a8f\n").container()).isEqualTo("podman:9e8d7c6b5a4f");
    }

    @Test
    void kubernetes() {
        CgroupInfo containerd = cgroup("containers", 105);
        assertThat(containerd.container()).isEqualTo("containerd:0a1b2c3d4e5f");
        assertThat(containerd.unit()).startsWith("cri-containerd-0a1b2c3d4e5f");
        assertThat(cgroup("containers", 106).container()).isEqualTo("crio:c0ffee00dead");
        assertThat(cgroup("containers", 107).container()).isEqualTo("k8s-pod:" + POD);
        assertThat(cgroup("containers", 111).container()).isEqualTo("k8s-pod:" + POD);
    }

    @Test
    void lxc() {
        CgroupInfo payload = cgroup("containers", 108);
        assertThat(payload.container()).isEqualTo("lxc:web01");
        assertThat(payload.unit()).isEqualTo("nginx.service");
        CgroupInfo v1 = cgroup("containers", 109);
        assertThat(v1.path()).isEqualTo("/lxc/web02/init.scope");
        assertThat(v1.container()).isEqualTo("lxc:web02");
    }

    @Test
    void shortOrNonHexIdsAreNoContainer() {
        assertThat(cgroup("0::/system.slice/docker-abc.scope\n").container()).isNull();
        assertThat(cgroup("0::/system.slice/docker-ZZZZZZZZZZZZZZZZ.scope\n").container()).isNull();
        assertThat(cgroup("0::/system.slice/docker.service\n"))
                .isEqualTo(new CgroupInfo("/system.slice/docker.service", "docker.service", null));
    }
}
