import './base.css';
import './profile.css';
