import { Global, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { TransitionRoutes } from './transition-routes';

/**
 * The routes of every transition, read from the controllers at start-up, for the
 * allowed-actions answers of each process (global: every process module answers its own).
 */
@Global()
@Module({
  imports: [DiscoveryModule],
  providers: [TransitionRoutes],
  exports: [TransitionRoutes],
})
export class AllowedActionsModule {}
