package sexton.cli;

import java.io.PrintWriter;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.ParameterException;
import sexton.store.StoreException;

/** Entry point: one picocli tree; every error becomes one line on stderr and a script-friendly exit code. */
@Command(name = "sexton", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Tells what is eating a Linux host: records processes and memory, and explains.",
        subcommands = {RecordCommand.class, ImportCommand.class, PsCommand.class, FreeCommand.class, LeaksCommand.class,
                MemoryCommand.class, ZombiesCommand.class, StuckCommand.class, ReportCommand.class, DoctorCommand.class, CheckCommand.class,
                RulesCommand.class, ServeCommand.class, AnalyzeCommand.class, DirsCommand.class, BenchCommand.class,
                CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    public static final int OK = 0;
    public static final int FINDINGS = 1;
    public static final int USAGE = 2;

    @picocli.CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "a command is needed: doctor, record, import, ps, free, leaks, memory, zombies, stuck, report, serve, check, rules, analyze, dirs or bench");
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs one command line and returns its exit code (tests call this in-process). */
    public static int run(String... args) {
        CommandLine cl = commandLine();
        try {
            return cl.execute(args);
        } catch (OutOfMemoryError e) {
            System.err.println("sexton: out of memory; give the JVM more with SEXTON_JAVA_OPTS=-Xmx2g (or narrow the window with --since)");
            return 3;
        }
    }

    static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.setParameterExceptionHandler((ex, args) -> {
            PrintWriter err = ex.getCommandLine().getErr();
            String name = ex.getCommandLine().getCommandSpec().qualifiedName();
            if (ex.getCommandLine().getCommand() instanceof CheckCommand) { // plugin convention: bad input is UNKNOWN
                return CheckCommand.status(CheckCommand.UNKNOWN, "CHECK", Terminal.clean(oneLine(ex.getMessage())), "");
            }
            err.println(name + ": " + Terminal.clean(oneLine(ex.getMessage())) + " (see '" + name + " --help')");
            err.flush();
            return USAGE;
        });
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            PrintWriter err = commandLine.getErr();
            String name = commandLine.getCommandSpec().qualifiedName();
            if (ex instanceof UsageError || ex instanceof StoreException || ex instanceof IllegalArgumentException) {
                err.println(name + ": " + Terminal.clean(oneLine(ex.getMessage())));
                err.flush();
                return USAGE;
            }
            err.println(name + ": internal error: " + ex.getClass().getSimpleName() + ": "
                    + Terminal.clean(oneLine(String.valueOf(ex.getMessage()))));
            if (System.getenv("SEXTON_DEBUG") != null) ex.printStackTrace(err);
            err.flush();
            return 3;
        });
        return cl;
    }

    private static String oneLine(String s) {
        if (s == null) return "";
        int nl = s.indexOf('\n');
        return (nl >= 0 ? s.substring(0, nl) : s).trim();
    }

    /** The version the build wrote into the jar manifest. */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"sexton " + version()};
        }
    }

    static String version() {
        String v = Main.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
