#!/usr/bin/perl
# Test helper: becomes a child subreaper (orphans below it come to it instead of PID 1, which may not
# reap them), runs the command, prints "child PID" and, when it ends, "exit CODE", and reaps every
# process that comes to it until it is sent SIGTERM.
use strict;
use warnings;
use Config;
my $prctl = $Config{archname} =~ /aarch64/ ? 167 : 157;    # SYS_prctl
syscall($prctl, 36, 1, 0, 0, 0) == 0 or die "prctl(PR_SET_CHILD_SUBREAPER): $!";    # 36 = PR_SET_CHILD_SUBREAPER
$| = 1;
my $child = fork();
die "fork: $!" unless defined $child;
if ($child == 0) { exec @ARGV or die "exec @ARGV: $!"; }
print "child $child\n";
$SIG{TERM} = sub { exit 0 };
while (1) {
    my $w = waitpid(-1, 0);
    if ($w == $child) { print "exit " . ($? >> 8) . "\n"; }
    elsif ($w == -1) { sleep 1; }
}
