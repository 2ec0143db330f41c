// Both sides of an AWS Proton environment account connection: the environment account's request and the management account's accept.
package proton
