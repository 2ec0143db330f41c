package main

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"

	"github.com/pulumi-proton-connections/pulumi-proton-connections/sdk/go/proton"
)

// handshake is the whole cross-account handshake in one program: the environment account
// requests the connection (the default provider acts with this stack's credentials), and the
// management account accepts it (an explicit provider that assumes the management account's
// role).
func handshake(ctx *pulumi.Context) error {
	conf := config.New(ctx, "")
	var tags map[string]string
	if err := conf.GetObject("tags", &tags); err != nil {
		return err
	}

	connection, err := proton.NewEnvironmentAccountConnection(ctx, "connection",
		&proton.EnvironmentAccountConnectionArgs{
			EnvironmentName:     pulumi.String(conf.Require("environmentName")),
			ManagementAccountId: pulumi.String(conf.Require("managementAccountId")),
			RoleArn:             pulumi.String(conf.Require("roleArn")),
			Tags:                pulumi.ToStringMap(tags), // updates in place
		})
	if err != nil {
		return err
	}

	management, err := proton.NewProvider(ctx, "management", &proton.ProviderArgs{
		AssumeRole: &proton.AssumeRoleArgs{RoleArn: pulumi.String(conf.Require("managementRoleArn"))},
	})
	if err != nil {
		return err
	}

	accepter, err := proton.NewEnvironmentAccountConnectionAccepter(ctx, "accept",
		&proton.EnvironmentAccountConnectionAccepterArgs{ConnectionId: connection.ID()},
		pulumi.Provider(management))
	if err != nil {
		return err
	}

	// A function: reads the connection as the management account sees it (at preview too),
	// without adding anything to the stack.
	seen := proton.LookupEnvironmentAccountConnectionOutput(ctx,
		proton.LookupEnvironmentAccountConnectionOutputArgs{Id: connection.ID()},
		pulumi.Provider(management))

	ctx.Export("connectionId", connection.ID())
	ctx.Export("arn", connection.Arn)
	ctx.Export("status", accepter.Status)
	ctx.Export("tags", connection.Tags)
	ctx.Export("requestedBy", seen.EnvironmentAccountId())
	return nil
}
