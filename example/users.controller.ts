import { Controller, Get, Param, Query } from '@nestjs/common';
import { type OneRosterUser, RosteringService } from 'nestjs-timeback';

@Controller('users')
export class UsersController {
  constructor(private readonly rostering: RosteringService) {}

  /** `GET /users/:sourcedId?fields=sourcedId,givenName` */
  @Get(':sourcedId')
  getUser(@Param('sourcedId') sourcedId: string, @Query('fields') fields?: string): Promise<OneRosterUser> {
    return this.rostering.getUser(sourcedId, { fields: fields ? fields.split(',') : undefined });
  }
}
