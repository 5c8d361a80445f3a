import { Injectable } from '@nestjs/common';
import { RosteringService } from './rostering.service.js';

/** OneRoster 1.2, one service per part of the standard; gradebook and resources join `rostering` here. */
@Injectable()
export class OneRosterService {
  constructor(readonly rostering: RosteringService) {}
}
