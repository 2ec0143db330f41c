// Runs the handshake program (or, with PROTON_EXAMPLE=discovery, discovery.ts's) with the
// Automation API (an inline program: no Node.js language host needed), in a project whose
// directory is the current one.
//
//   node bin/automation.js up|preview|refresh|destroy [key=value ...]
//
// key=value pairs are set as stack configuration first (a JSON object for `tags`). The
// engine is the `pulumi` on PATH, the backend PULUMI_BACKEND_URL; PROTON_PLUGIN_DIR, when
// set, names the directory of pulumi-resource-proton (otherwise the engine looks on PATH).
// Prints one JSON line: the stack's outputs and the operation's resource changes.
import { LocalWorkspace, ProjectSettings } from "@pulumi/pulumi/automation";
import { acceptDiscovered } from "./discovery";
import { handshake } from "./handshake";

// PROTON_EXAMPLE=discovery runs discovery.ts's program instead of the handshake.
const programs: Record<string, () => Promise<Record<string, unknown>>> = {
    handshake: async () => handshake(),
    discovery: acceptDiscovered,
};

type Plugins = { plugins?: { providers: { name: string; path: string }[] } };

async function main(action: string, settings: string[]): Promise<void> {
    const pluginDir = process.env.PROTON_PLUGIN_DIR;
    const projectSettings: ProjectSettings & Plugins = {
        name: "proton-example",
        runtime: "nodejs",
        ...(pluginDir ? { plugins: { providers: [{ name: "proton", path: pluginDir }] } } : {}),
    };
    const stack = await LocalWorkspace.createOrSelectStack(
        {
            stackName: "dev",
            projectName: "proton-example",
            program: programs[process.env.PROTON_EXAMPLE ?? "handshake"],
        },
        { workDir: process.cwd(), projectSettings },
    );
    for (const setting of settings) {
        const at = setting.indexOf("=");
        await stack.setConfig(setting.slice(0, at), { value: setting.slice(at + 1) });
    }
    const onOutput = (text: string) => process.stderr.write(text);
    let changes: Record<string, number> | undefined;
    switch (action) {
        case "up":
            changes = (await stack.up({ onOutput })).summary.resourceChanges;
            break;
        case "preview":
            changes = (await stack.preview({ onOutput, diff: true })).changeSummary;
            break;
        case "refresh":
            changes = (await stack.refresh({ onOutput })).summary.resourceChanges;
            break;
        case "destroy":
            changes = (await stack.destroy({ onOutput })).summary.resourceChanges;
            break;
        default:
            throw new Error(`unknown action ${action}: up, preview, refresh or destroy`);
    }
    const outputs = Object.fromEntries(
        Object.entries(await stack.outputs()).map(([name, output]) => [name, output.value]),
    );
    console.log(JSON.stringify({ outputs, changes }));
}

main(process.argv[2], process.argv.slice(3)).catch((err) => {
    console.error(err);
    process.exit(1);
});
