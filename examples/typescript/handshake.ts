// The whole cross-account handshake in one program: the environment account requests the
// connection (the default provider acts with this stack's credentials), and the management
// account accepts it (an explicit provider that assumes the management account's role).
import * as pulumi from "@pulumi/pulumi";
import * as proton from "proton-connections";

export function handshake() {
    const config = new pulumi.Config();

    const connection = new proton.EnvironmentAccountConnection("connection", {
        environmentName: config.require("environmentName"),
        managementAccountId: config.require("managementAccountId"),
        roleArn: config.require("roleArn"),
        tags: config.getObject<Record<string, string>>("tags"), // updates in place
    });

    const management = new proton.Provider("management", {
        assumeRole: { roleArn: config.require("managementRoleArn") },
    });

    const accepter = new proton.EnvironmentAccountConnectionAccepter(
        "accept",
        { connectionId: connection.id },
        { provider: management },
    );

    // A function: reads the connection as the management account sees it (at preview too),
    // without adding anything to the stack.
    const seen = proton.getEnvironmentAccountConnectionOutput(
        { id: connection.id },
        { provider: management },
    );

    return {
        connectionId: connection.id,
        arn: connection.arn,
        status: accepter.status,
        tags: connection.tags,
        requestedBy: seen.environmentAccountId,
    };
}
