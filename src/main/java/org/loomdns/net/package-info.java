/** Small network value types shared by stages: address ranges for access rules. No I/O. */
package org.loomdns.net;
