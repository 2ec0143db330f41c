// Accepting by discovery: this (the management) account accepts every connection that an
// account of the allow-list requests of it, and each `pulumi up` takes in the new ones.
//
// It lists the connections requested of the management account that are PENDING or CONNECTED
// (a function: a read at every preview and up, which adds nothing to the stack) and declares
// one accepter for each whose environment account is on the allow-list. CONNECTED ones stay
// declared, so the program does not flap as statuses move. An account taken off the list
// loses its accepters, which leave the connections as they are (unless rejectOnDelete).
import * as pulumi from "@pulumi/pulumi";
import * as proton from "proton-connections";

export async function acceptDiscovered() {
    const config = new pulumi.Config();
    const allowed = config.requireObject<string[]>("allowedAccounts");
    const rejectOnDelete = config.getBoolean("rejectOnDelete") ?? false;

    const management = new proton.Provider("management", {
        assumeRole: { roleArn: config.require("managementRoleArn") },
    });

    // The plain (Promise) form: the accepters to declare depend on its result.
    const requests = await proton.getEnvironmentAccountConnections(
        { requestedBy: "MANAGEMENT_ACCOUNT", statuses: ["PENDING", "CONNECTED"] },
        { provider: management },
    );

    const accepted: Record<string, pulumi.Output<string>[]> = {};
    for (const request of requests.connections) {
        const account = request.environmentAccountId;
        if (!allowed.includes(account)) {
            continue;
        }
        // One name per account and environment: the same name at every run, so an accepted
        // connection stays the same resource.
        const accepter = new proton.EnvironmentAccountConnectionAccepter(
            `${account}-${request.environmentName}`,
            { connectionId: request.id, rejectOnDelete },
            { provider: management },
        );
        (accepted[account] ??= []).push(accepter.connectionId);
    }
    return { accepted };
}
